// MongoDB's CRUD spec tests (unified format) through the official driver: one `it` per applicable case.
// The spec files are not in this repository (licence); see docs/embedded-store.md.
import fs from 'node:fs';
import path from 'node:path';
import { loadSpecCases, specDirectory } from './conformance/unified-runner';
import { useStore } from './test-support/store-harness';

/** Cases known to fail, with the reason; `it.failing` flags them if they start passing. */
const KNOWN_FAILURES: Record<string, string> = {};

const dir = specDirectory(path.resolve(__dirname, '../../..'));
const present = fs.existsSync(dir);
const cases = present ? loadSpecCases(dir) : [];
let note = '';
if (!present) {
  note = `CRUD spec tests not found in ${dir}; set SPEC_TESTS_DIR to run them. No conformance cases registered.`;
  console.warn(note);
}

describe('MongoDB CRUD spec conformance', () => {
  const harness = useStore({ fsync: false });

  it('spec directory present or reported', () => {
    expect(present ? cases.length > 0 : note.includes('not found')).toBe(true);
    const skipped = cases.filter((c) => c.skipReason);
    if (skipped.length) console.log(`conformance: ${skipped.length} cases skipped (${[...new Set(skipped.map((c) => c.skipReason))].join('; ')})`);
  });

  for (const c of cases.filter((x) => !x.skipReason)) {
    const name = `${c.file} › ${c.description}`;
    const known = KNOWN_FAILURES[name];
    if (known) it.failing(`${name} (known failure: ${known})`, () => c.run(harness().store.uri));
    else it(name, () => c.run(harness().store.uri));
  }
});
