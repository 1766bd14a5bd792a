/**
 * Finding the external programs the launcher may use: nats-server (optional: without it the router
 * polls the nodes instead of hearing health events) and util-linux setpriv (optional: it ties each
 * child's life to the launcher's).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Debian installs nats-server in /usr/sbin, which is on root's PATH but not on every user's. */
const SBIN_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The path of an executable: `name` itself when it holds a `/`, else the first match on PATH and
 * then in the sbin directories. Null when there is none.
 */
export function findExecutable(name: string, path = process.env['PATH'] ?? ''): string | null {
  if (name.includes('/')) return isExecutableFile(name) ? name : null;
  const dirs = [...path.split(delimiter).filter((d) => d !== ''), ...SBIN_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

/**
 * setpriv when it supports --pdeathsig (util-linux 2.33 and later), else null. Run as
 * `setpriv --pdeathsig SIGTERM -- <cmd>`, it asks the kernel to send the program SIGTERM when the
 * launcher dies, even by SIGKILL, then execs it: same pid, no extra process.
 */
export function findPdeathsigWrapper(): string | null {
  const setpriv = findExecutable('setpriv');
  if (setpriv === null) return null;
  const help = spawnSync(setpriv, ['--help'], { encoding: 'utf8', timeout: 5000 });
  return help.status === 0 && help.stdout.includes('--pdeathsig') ? setpriv : null;
}
