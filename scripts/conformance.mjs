#!/usr/bin/env node
// Runs MongoDB's CRUD spec tests (unified format) against a fresh embedded store and prints
// "N passed, N failed, N skipped" with the failures. Spec files: $SPEC_TESTS_DIR or ../shared/conformance/crud.
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'libs/mongo-embedded/dist');
if (!existsSync(path.join(dist, 'conformance/unified-runner.js')) || process.argv.includes('--build')) {
  execSync('npx nx run @switchboard/mongo-embedded:build', { cwd: root, stdio: 'inherit' });
}
const require = createRequire(import.meta.url);
const { startEmbeddedMongo } = require(dist);
const { loadSpecCases, specDirectory } = require(path.join(dist, 'conformance/unified-runner.js'));

const dir = specDirectory(root);
if (!existsSync(dir)) {
  console.log(`Spec directory ${dir} not found: set SPEC_TESTS_DIR to MongoDB's crud/tests/unified folder. Nothing run.`);
  process.exit(0);
}
const dbPath = mkdtempSync(path.join(tmpdir(), 'sb-conformance-'));
const store = await startEmbeddedMongo({ port: 0, dbPath, fsync: false });
const filter = process.argv.slice(2).find((a) => !a.startsWith('--'));
let passed = 0;
const failures = [];
const skipped = new Map();
try {
  for (const c of loadSpecCases(dir)) {
    if (filter && !`${c.file} ${c.description}`.includes(filter)) continue;
    if (c.skipReason) {
      skipped.set(c.skipReason, (skipped.get(c.skipReason) ?? 0) + 1);
      continue;
    }
    try {
      await c.run(store.uri);
      passed++;
    } catch (err) {
      failures.push(`${c.file} › ${c.description}: ${String(err?.message ?? err).slice(0, 400)}`);
    }
  }
} finally {
  await store.close();
  rmSync(dbPath, { recursive: true, force: true });
}
for (const f of failures) console.log(`FAIL ${f}`);
const skippedTotal = [...skipped.values()].reduce((a, b) => a + b, 0);
for (const [reason, n] of skipped) console.log(`skipped ${n}: ${reason}`);
console.log(`${passed} passed, ${failures.length} failed, ${skippedTotal} skipped`);
