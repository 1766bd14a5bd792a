/*
 * The committed generated/ code is what scripts/codegen.js makes of proto/health.proto today: a
 * .proto edit without a codegen run fails here instead of shipping stale encoders.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { generate } = require('../scripts/codegen.js') as { generate(outDir: string): Promise<void> };

describe('generated code', () => {
  it('matches proto/health.proto (run: npx nx run health:codegen)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'resplica-health-codegen-'));
    try {
      await generate(dir);
      for (const file of ['health.js', 'health.d.ts']) {
        expect(readFileSync(join(dir, file), 'utf8')).toBe(readFileSync(join(__dirname, '..', 'generated', file), 'utf8'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);
});
