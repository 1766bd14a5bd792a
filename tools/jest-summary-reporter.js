// Jest reporter: writes <project>/test-results/summary.json so the counts survive Nx cache replays
// (the test target declares {projectRoot}/test-results as an output). tools/test-summary.js sums them.
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, r) {
    const dir = path.join(this.rootDir, 'test-results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'summary.json'),
      JSON.stringify({
        passed: r.numPassedTests,
        failed: r.numFailedTests,
        skipped: r.numPendingTests + r.numTodoTests,
        // Suites that failed to run (no test result of their own); a suite whose tests failed is
        // already counted through them.
        suitesFailedToRun: r.numRuntimeErrorTestSuites,
      }),
    );
  }
}

module.exports = SummaryReporter;
