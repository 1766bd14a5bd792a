/*
 * Jest glue for the differential suites: one real redis-server (the reference) and one server
 * under test per suite file, and one test per session and protocol.
 *
 * The server under test is the built master (apps/master/dist/main.js). Set RESPLICA_DIFF_OURS=redis
 * to put a second real redis-server in its place: the scripts must pass that way, which proves a
 * session is deterministic and needs no comparator it does not have. Set RESPLICA_DIFF_REPORT to a
 * file path to append every mismatch to it (for reports to the owners).
 */
import { appendFileSync } from 'node:fs';
import {
  formatMismatches,
  runSession,
  RunningServer,
  Session,
} from '@resplica/testing';
import { startWithReference } from '../server-under-test';

/** Declares a describe block that plays every session in RESP2 and RESP3 (unless restricted). */
export function describeDifferential(title: string, sessions: Session[]): void {
  describe(`differential: ${title}`, () => {
    let ours: RunningServer | undefined;
    let reference: RunningServer | undefined;
    beforeAll(async () => {
      [ours, reference] = await startWithReference();
    }, 30000);
    afterAll(async () => {
      await Promise.all([ours?.stop(), reference?.stop()]);
    });
    for (const session of sessions) {
      for (const protocol of session.protocols ?? [2, 3]) {
        it(`${session.name} (RESP${protocol})`, async () => {
          if (!ours || !reference) throw new Error('servers did not start');
          const mismatches = await runSession(session, protocol, { ours: ours.port, reference: reference.port });
          if (mismatches.length === 0) return;
          const report = formatMismatches(mismatches);
          if (process.env.RESPLICA_DIFF_REPORT) appendFileSync(process.env.RESPLICA_DIFF_REPORT, `${report}\n`);
          throw new Error(`${mismatches.length} mismatch(es):\n${report}`);
        });
      }
    }
  });
}
