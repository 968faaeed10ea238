// `npm test`: install system prerequisites, build what the browser and start-up tests serve, run every
// jest project once, and print one plain summary line ("Tests: N passed, N failed").
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages } from './prerequisites.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: process.env.FORCE_COLOR ?? '0' };

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  return result.status ?? 1;
}

try {
  ensureSystemPackages();
} catch (error) {
  console.error(`\n${error.message}\n`);
  process.exit(1);
}

if (run(bin('nx'), ['run-many', '-t', 'build', '--outputStyle=static']) !== 0) {
  console.error('Build failed; not running tests.');
  process.exit(1);
}

// Static checks run before the tests and count as failures in the summary; `--no-static` skips them.
const staticChecks = [
  { name: 'typecheck', command: bin('nx'), args: ['run-many', '-t', 'typecheck', '--outputStyle=static'] },
  { name: 'typecheck e2e', command: bin('tsc'), args: ['-p', 'e2e/tsconfig.json', '--noEmit'] },
  { name: 'lint', command: bin('eslint'), args: ['.', '--max-warnings=0'] },
];
const argv = process.argv.slice(2);
const runStatic = !argv.includes('--no-static');
const failedChecks = runStatic
  ? staticChecks.filter(({ command, args }) => run(command, args) !== 0).map(({ name }) => name)
  : [];
if (failedChecks.length > 0) console.error(`\nStatic checks failed: ${failedChecks.join(', ')}\n`);

const reportDir = mkdtempSync(path.join(tmpdir(), 'switchboard-jest-'));
const reportFile = path.join(reportDir, 'report.json');
const jestOwnArgs = argv.filter((arg) => arg !== '--no-static');
const jestArgs = ['--json', `--outputFile=${reportFile}`, ...jestOwnArgs];
if (!jestOwnArgs.some((arg) => arg.startsWith('--maxWorkers') || arg === '-i' || arg === '--runInBand')) {
  jestArgs.unshift('--maxWorkers=2');
}
const jestStatus = run(bin('jest'), jestArgs);
const status = jestStatus !== 0 ? jestStatus : failedChecks.length > 0 ? 1 : 0;

try {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const failed = report.numFailedTests + report.numRuntimeErrorTestSuites + failedChecks.length;
  const skipped = report.numPendingTests + report.numTodoTests;
  console.log(`\nTests: ${report.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
} catch {
  console.log(`\nTests: 0 passed, ${1 + failedChecks.length} failed`);
} finally {
  rmSync(reportDir, { recursive: true, force: true });
}
process.exit(status);
