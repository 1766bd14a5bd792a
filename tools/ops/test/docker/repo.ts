/**
 * What the Docker checks read from the repository: the Dockerfile as stages of instructions, the
 * compose file as plain data, the .dockerignore patterns, and the npm workspaces. Offline and
 * read-only; no Docker engine is involved (TOOLCHAIN.md §9: there is none on CI machines).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { workspaceRoot } from '@resplica/testing';

export const ROOT = workspaceRoot();

export function readRepoFile(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

// ---------------------------------------------------------------------------------------------
// Dockerfile
// ---------------------------------------------------------------------------------------------

export interface Instruction {
  /** Upper case: FROM, COPY, RUN, … */
  readonly keyword: string;
  /** The arguments, continuation lines joined, whitespace-separated. */
  readonly args: string[];
  /** 1-based line of the keyword, for messages. */
  readonly line: number;
}

export interface Stage {
  /** The `AS` name, or the stage index as a string when unnamed. */
  readonly name: string;
  readonly base: string;
  readonly instructions: Instruction[];
}

/** Splits a Dockerfile into stages; comments and parser directives are skipped. */
export function dockerfileStages(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let logical = lines[i].trim();
    if (logical === '' || logical.startsWith('#')) continue;
    while (logical.endsWith('\\') && i + 1 < lines.length) logical = logical.slice(0, -1) + ' ' + lines[++i].trim();
    const [keyword, ...args] = logical.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args, line: start + 1 };
    if (instruction.keyword === 'FROM') {
      const as = args.findIndex((a) => a.toUpperCase() === 'AS');
      stages.push({ name: as === -1 ? String(stages.length) : args[as + 1], base: args[0], instructions: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return stages;
}

export interface Copy {
  /** The `--from` stage, or null for the build context. */
  readonly from: string | null;
  readonly sources: string[];
  readonly dest: string;
  readonly line: number;
}

/** The COPY instructions of a stage with their flags taken apart (shell form only). */
export function copies(stage: Stage): Copy[] {
  return stage.instructions
    .filter((i) => i.keyword === 'COPY')
    .map((i) => {
      const flags = i.args.filter((a) => a.startsWith('--'));
      const paths = i.args.filter((a) => !a.startsWith('--'));
      const from = flags.find((f) => f.startsWith('--from='));
      return { from: from === undefined ? null : from.slice('--from='.length), sources: paths.slice(0, -1), dest: paths[paths.length - 1], line: i.line };
    });
}

// ---------------------------------------------------------------------------------------------
// docker-compose.yml
// ---------------------------------------------------------------------------------------------

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  volumes?: string[];
  container_name?: string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** The compose file with YAML merge keys (`<<: *anchor`) resolved, as Compose resolves them. */
export function composeFile(): ComposeFile {
  return parse(readRepoFile('docker-compose.yml'), { merge: true }) as ComposeFile;
}

/** Compose's `${NAME:-default}` / `${NAME}` with nothing set on the host: the value a fresh checkout gets. */
export function interpolateDefaults(value: string): string {
  return value.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}/g, (_m, fallback: string | undefined) => fallback ?? '');
}

// ---------------------------------------------------------------------------------------------
// .dockerignore and workspaces
// ---------------------------------------------------------------------------------------------

/**
 * True when a .dockerignore pattern list excludes `path` (relative, '/'-separated). Covers the
 * forms used here: `*` within one segment, `**` across segments, and a matched directory taking
 * its contents with it. `!` exceptions are not supported, and the test fails if one appears.
 */
export function dockerIgnored(patterns: readonly string[], path: string): boolean {
  const segments = path.split('/');
  const prefixes = segments.map((_s, i) => segments.slice(0, i + 1).join('/'));
  return patterns.some((pattern) => {
    const body = pattern
      .replace(/^\/+/, '')
      .split('/')
      .map((seg) => (seg === '**' ? '.*' : seg.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')))
      .join('/')
      .replace(/\.\*\//g, '(?:.*/)?');
    const re = new RegExp(`^${body}$`);
    return prefixes.some((p) => re.test(p));
  });
}

export function dockerignorePatterns(): string[] {
  return readRepoFile('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export interface Workspace {
  /** Relative folder, e.g. `libs/config`. */
  readonly dir: string;
  readonly name: string;
  readonly dependencies: Record<string, string>;
}

/** Every npm workspace the root package.json declares (`apps/*`, `libs/*`, `tools/ops`). */
export function workspaces(): Workspace[] {
  const globs = (JSON.parse(readRepoFile('package.json')) as { workspaces: string[] }).workspaces;
  const dirs = globs.flatMap((g) =>
    g.endsWith('/*')
      ? readdirSync(join(ROOT, g.slice(0, -2)), { withFileTypes: true })
          .filter((d) => d.isDirectory() && existsSync(join(ROOT, g.slice(0, -2), d.name, 'package.json')))
          .map((d) => `${g.slice(0, -2)}/${d.name}`)
      : [g],
  );
  return dirs.map((dir) => {
    const pkg = JSON.parse(readRepoFile(`${dir}/package.json`)) as { name: string; dependencies?: Record<string, string> };
    return { dir, name: pkg.name, dependencies: pkg.dependencies ?? {} };
  });
}
