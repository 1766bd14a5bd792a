/*
 * The launcher's command line as a user meets it: --help prints the usage and exits 0, a bad flag
 * prints one clear error and exits 2, and neither starts anything.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { USAGE } from '../../src/local/options';
import { launcherMain } from './launcher';

const run = promisify(execFile);

it('--help prints the usage and exits 0', async () => {
  const { stdout, stderr } = await run(process.execPath, [launcherMain(), '--help']);
  expect(stdout).toBe(USAGE);
  expect(stderr).toBe('');
});

it('an unknown flag is an error naming it, exit 2', async () => {
  await expect(run(process.execPath, [launcherMain(), '--replica', '3'])).rejects.toMatchObject({
    code: 2,
    stdout: '',
    stderr: 'error: unknown flag --replica\nRun with --help for the flags.\n',
  });
});
