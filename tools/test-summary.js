// Sums every {apps,libs}/*/test-results/summary.json and prints the closing line CI reads:
// "tests: N passed, N failed, N skipped". Exits non-zero when anything failed or nothing ran.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const total = { passed: 0, failed: 0, skipped: 0, suitesFailedToRun: 0 };
for (const group of ['apps', 'libs']) {
  const dir = path.join(root, group);
  if (!fs.existsSync(dir)) continue;
  for (const project of fs.readdirSync(dir)) {
    const file = path.join(dir, project, 'test-results', 'summary.json');
    if (!fs.existsSync(file)) continue;
    const summary = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const k of Object.keys(total)) total[k] += summary[k] ?? 0;
  }
}
// A suite that fails to load has no failed tests; count it anyway.
const failed = total.failed + total.suitesFailedToRun;
console.log(`tests: ${total.passed} passed, ${failed} failed, ${total.skipped} skipped`);
process.exit(failed > 0 || total.passed === 0 ? 1 : 0);
