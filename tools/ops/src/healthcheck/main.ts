/**
 * Entry point of the container health check (cli.ts has the rules). Exit code 0: the service
 * answered PING with PONG; 1: it did not, with the reason on stderr, which `docker inspect` shows in
 * the container's health log.
 */
import { runHealthcheck } from './cli';

runHealthcheck(process.argv.slice(2), process.env).then(
  (result) => {
    if (!result.ok) process.stderr.write(`${result.reason}\n`);
    process.exit(result.ok ? 0 : 1);
  },
  (err: Error) => {
    process.stderr.write(`healthcheck failed: ${err.message}\n`);
    process.exit(1);
  },
);
