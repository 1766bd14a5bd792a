/**
 * Offline checks of the Dockerfile (no Docker engine here, and hadolint is unavailable: TOOLCHAIN.md
 * §9): dockerfile-utils' lint, then what an image build would only reveal later — `npm ci` accepts
 * the manifests copied before it, the runtime stage runs as a non-root user without
 * devDependencies, and every file it copies exists in the build stage, including everything the
 * services load at run time.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative } from 'node:path';
import { validate } from 'dockerfile-utils';
import { copies, dockerfileStages, dockerIgnored, dockerignorePatterns, readRepoFile, ROOT, workspaces, type Stage } from './repo';

const TEXT = readRepoFile('Dockerfile');
const stages = dockerfileStages(TEXT);
const build = stages[0];
const runtime = stages[stages.length - 1];
const byName = new Map(stages.map((s) => [s.name, s]));
const workspaceList = workspaces();

function runs(stage: Stage): string[] {
  return stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args.join(' '));
}

/** The stage's WORKDIR (absolute), inherited from the stage it is built FROM. */
function workdir(stage: Stage): string {
  const own = stage.instructions.filter((i) => i.keyword === 'WORKDIR').at(-1);
  if (own !== undefined) return own.args[0];
  const parent = byName.get(stage.base);
  return parent === undefined ? '/' : workdir(parent);
}

/** Repo-relative path of a source copied from another stage whose WORKDIR is the repo's root. */
function fromStagePath(stage: string, source: string): string {
  const root = workdir(byName.get(stage)!);
  expect(source.startsWith(`${root}/`)).toBe(true);
  return posix.relative(root, source.replace(/\/$/, ''));
}

/** Workspaces whose build (tsconfig.app.json or tsconfig.lib.json) writes `<dir>/dist`. */
const builtDirs = new Set(
  workspaceList
    .filter((w) =>
      ['tsconfig.app.json', 'tsconfig.lib.json'].some((f) => {
        const path = join(ROOT, w.dir, f);
        return existsSync(path) && /"outDir":\s*"(\.\/)?dist"/.test(readFileSync(path, 'utf8'));
      }),
    )
    .map((w) => `${w.dir}/dist`),
);

const runtimeCopies = copies(runtime).map((c) => ({
  ...c,
  paths: c.sources.map((s) => (c.from === null ? s : fromStagePath(c.from, s))),
}));
const runtimePaths = new Set(runtimeCopies.flatMap((c) => c.paths));

function gitTrackedFiles(): string[] {
  const run = spawnSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' });
  expect(run.status).toBe(0);
  return run.stdout.split('\n').filter((f) => f !== '');
}

describe('Dockerfile', () => {
  it('has no dockerfile-utils diagnostics (errors or warnings)', () => {
    const found = validate(TEXT).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    expect(found).toEqual([]);
  });

  it('is linted by a validator that does report mistakes', () => {
    expect(validate('FROM node:20-bookworm-slim\nEXPOSE abc\nWORKDIR\n').filter((d) => d.severity === 1).length).toBe(2);
  });

  it('builds on node:20-bookworm-slim and runs on it', () => {
    expect(build.base).toBe('node:20-bookworm-slim');
    expect(runtime.base).toBe('node:20-bookworm-slim');
    expect(stages.map((s) => s.name)).toContain('build');
  });

  it('build stage: the manifests first, `npm ci`, then the sources and an Nx build of every project', () => {
    const keywords = build.instructions.map((i) => `${i.keyword} ${i.args.join(' ')}`);
    const install = keywords.findIndex((k) => /^RUN npm ci\b/.test(k));
    const sources = keywords.indexOf('COPY . .');
    const nx = keywords.findIndex((k) => /^RUN npx nx run-many -t build\b/.test(k));
    expect(install).toBeGreaterThan(-1);
    expect(sources).toBeGreaterThan(install);
    expect(nx).toBeGreaterThan(sources);
    expect(keywords.find((k) => k.startsWith('ENV '))).toMatch(/NX_DAEMON=false/);
  });

  it('build stage: `npm ci` gets the lock file and every workspace manifest, and accepts them (npm ci --dry-run)', () => {
    const install = build.instructions.findIndex((i) => i.keyword === 'RUN' && i.args.join(' ').startsWith('npm ci'));
    const before = copies({ ...build, instructions: build.instructions.slice(0, install) }).flatMap((c) => c.sources);
    const manifests = ['package.json', 'package-lock.json', ...workspaceList.map((w) => `${w.dir}/package.json`)];
    expect([...before].sort()).toEqual([...manifests].sort());

    const dir = mkdtempSync(join(tmpdir(), 'resplica-npm-ci-'));
    try {
      for (const m of manifests) cpSync(join(ROOT, m), join(dir, m));
      const run = spawnSync('npm', ['ci', '--dry-run', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8' });
      expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, stderr: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);

  it('runtime stage runs as a user that is not root', () => {
    const user = runtime.instructions.filter((i) => i.keyword === 'USER').at(-1);
    expect(user).toBeDefined();
    expect(['root', '0', '0:0', 'root:root']).not.toContain(user!.args[0]);
  });

  it('runtime stage has no devDependencies: its node_modules come from a stage that dropped them', () => {
    expect(runs(runtime).filter((r) => /\bnpm (ci|install|i)\b/.test(r) && !r.includes('--omit=dev'))).toEqual([]);
    const modules = runtimeCopies.find((c) => c.paths.includes('node_modules'));
    expect(modules?.from).toBeDefined();
    const npmRuns = runs(byName.get(modules!.from!)!).filter((r) => /\bnpm (ci|install|i|prune)\b/.test(r));
    expect(npmRuns.at(-1)).toMatch(/--omit=dev/);
  });

  it('runtime stage copies only what exists in the repository or what the build stage produces', () => {
    const problems: string[] = [];
    const ignore = dockerignorePatterns();
    for (const c of runtimeCopies) {
      for (const path of c.paths) {
        const produced = path === 'node_modules' || builtDirs.has(path);
        const inContext = existsSync(join(ROOT, path)) && !dockerIgnored(ignore, path);
        if (!produced && !inContext) problems.push(`line ${c.line}: ${path} is neither in the build context nor built`);
        // node_modules/@resplica/* are relative symlinks: each copy must land where it was. A
        // directory's contents go into the destination itself, a file into a destination ending in /.
        const isDir = produced || statSync(join(ROOT, path)).isDirectory();
        const lands = isDir ? c.dest.replace(/\/$/, '') : c.dest.endsWith('/') ? posix.join(c.dest, posix.basename(path)) : c.dest;
        if (lands !== path) problems.push(`line ${c.line}: ${path} lands at ${lands}, not at the same place`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('runtime stage has package.json and dist/ of every workspace the services load, and what their dist requires', () => {
    const byPackage = new Map(workspaceList.map((w) => [w.name, w]));
    // The apps the compose services run, and tools/ops for the health check.
    const needed = new Set(['apps/master', 'apps/replica', 'apps/router', 'tools/ops']);
    for (const dir of needed) {
      const ws = workspaceList.find((w) => w.dir === dir)!;
      for (const dep of Object.keys(ws.dependencies)) {
        const target = byPackage.get(dep);
        if (target !== undefined) needed.add(target.dir);
      }
    }
    const missing: string[] = [];
    for (const dir of needed) {
      for (const path of [`${dir}/package.json`, `${dir}/dist`]) if (!runtimePaths.has(path)) missing.push(path);
      // dist/ mirrors src/, so an import that leaves src/ (libs/health → ../generated) leaves dist/.
      const sources = spawnSync('git', ['ls-files', '--others', '--cached', '--exclude-standard', `${dir}/src`], { cwd: ROOT, encoding: 'utf8' });
      for (const file of sources.stdout.split('\n').filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
        for (const m of readRepoFile(file).matchAll(/from '(\.\.?\/[^']+)'/g)) {
          const target = posix.join(posix.dirname(file), m[1]);
          if (!target.startsWith(`${dir}/src/`)) {
            const top = posix.join(dir, relative(join(ROOT, dir), join(ROOT, target)).split('/')[0]);
            if (!runtimePaths.has(top)) missing.push(`${top} (imported by ${file})`);
          }
        }
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });

  it('.dockerignore keeps host builds and installs out, and no tracked file', () => {
    const ignore = dockerignorePatterns();
    expect(ignore.filter((p) => p.startsWith('!'))).toEqual([]);
    for (const path of ['node_modules', 'apps/master/node_modules', 'libs/config/dist', 'tools/ops/dist', '.nx', '.git']) {
      expect({ path, ignored: dockerIgnored(ignore, path) }).toEqual({ path, ignored: true });
    }
    expect(gitTrackedFiles().filter((f) => dockerIgnored(ignore, f))).toEqual([]);
  });

  it('the health check the compose file runs (tools/ops/dist/healthcheck/main.js) is built from src/healthcheck/main.ts', () => {
    expect(existsSync(join(ROOT, 'tools/ops/src/healthcheck/main.ts'))).toBe(true);
    expect(readRepoFile('tools/ops/tsconfig.app.json')).toMatch(/"rootDir":\s*"src"/);
    expect(builtDirs.has('tools/ops/dist')).toBe(true);
  });
});
