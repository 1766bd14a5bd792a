/*
 * libs/config/CONFIG.md and the configuration reference in README.md are generated from the table;
 * this fails when either is stale. Regenerate both with:
 *   UPDATE_CONFIG_DOCS=1 node_modules/.bin/jest -c libs/config/jest.config.js docs
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_END, REFERENCE_START, renderConfigDocs, renderConfigReference } from './docs';
import { DESCRIPTIONS } from './descriptions';
import { PARAMS } from './table';

const DOC = join(__dirname, '..', 'CONFIG.md');
const README = join(__dirname, '..', '..', '..', 'README.md');
const update = process.env.UPDATE_CONFIG_DOCS === '1';

it('CONFIG.md matches the table', () => {
  const text = renderConfigDocs();
  if (update) writeFileSync(DOC, text);
  expect(existsSync(DOC) ? readFileSync(DOC, 'utf8') : '').toBe(text);
});

it("README.md's configuration reference matches the table", () => {
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf(REFERENCE_START);
  const end = readme.indexOf(REFERENCE_END);
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  let current = readme.slice(start, end + REFERENCE_END.length);
  if (update) {
    writeFileSync(README, readme.replace(current, renderConfigReference()));
    current = renderConfigReference();
  }
  expect(current).toBe(renderConfigReference());
});

it('describes exactly the parameters that have an effect', () => {
  const effective = PARAMS.filter((p) => p.effect).map((p) => p.name).sort();
  expect(Object.keys(DESCRIPTIONS).sort()).toEqual(effective);
});

it('gives every spelling of a parameter in its reference row', () => {
  const row = renderConfigReference().split('\n').find((line) => line.startsWith('| `repl-backlog-size`'));
  expect(row).toBe(
    '| `repl-backlog-size` | `--repl-backlog-size` | `RESPLICA_REPL_BACKLOG_SIZE` | bytes 1..9223372036854775807 (k kb m mb g gb) | `1048576` | yes | ' +
      'Replication backlog size in bytes: how far a replica may fall behind and still resync partially. |',
  );
});
