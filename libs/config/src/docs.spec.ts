/*
 * libs/config/CONFIG.md is generated from the table; this fails when it is stale.
 * Regenerate with: UPDATE_CONFIG_DOCS=1 node_modules/.bin/jest -c libs/config/jest.config.js docs
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConfigDocs } from './docs';

const DOC = join(__dirname, '..', 'CONFIG.md');

it('CONFIG.md matches the table', () => {
  const text = renderConfigDocs();
  if (process.env.UPDATE_CONFIG_DOCS === '1') writeFileSync(DOC, text);
  expect(existsSync(DOC) ? readFileSync(DOC, 'utf8') : '').toBe(text);
});
