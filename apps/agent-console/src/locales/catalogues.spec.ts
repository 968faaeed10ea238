import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { catalogueProblems, SUPPORTED_LOCALES } from '@switchboard/i18n';
import {
  AGENT_STATUSES,
  ARTIFICIAL_TYPES,
  ERROR_CODES,
  REASONS,
  SESSION_REVOKED_REASONS,
  USER_LOCALES,
} from '@switchboard/protocol';
import { CATALOGUES, i18n } from '../shared/i18n';

/** Every .ts/.tsx file of the console that is not a test. */
function sources(dir = path.join(__dirname, '..')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return /\.tsx?$/.test(name) && !/\.spec\.tsx?$|test-utils|test-setup/.test(name) ? [file] : [];
  });
}

/** A key exists in English as itself or in its plural forms. */
const exists = (key: string) => i18n.exists(key, { lng: 'en' }) || i18n.exists(`${key}_other`, { lng: 'en' });

describe('console catalogues', () => {
  it('every locale has every key, the plural forms its grammar needs and the same interpolations', () => {
    expect(catalogueProblems(CATALOGUES)).toEqual([]);
  });

  it('covers every supported locale, which is the list the gateway accepts for a user', () => {
    expect(Object.keys(CATALOGUES).sort()).toEqual([...SUPPORTED_LOCALES].sort());
    expect([...USER_LOCALES]).toEqual([...SUPPORTED_LOCALES]);
  });

  it('has every key the code asks for by name', () => {
    const missing: string[] = [];
    let asked = 0;
    for (const file of sources()) {
      const code = readFileSync(file, 'utf8');
      for (const [, key] of code.matchAll(/\bt\(\s*'([\w.]+)'/g)) {
        asked += 1;
        if (!exists(key)) missing.push(`${path.basename(file)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
    expect(asked).toBeGreaterThan(150); // the pattern does find the calls
  });

  it('has a sentence for every value the code builds a key from (states, statuses, reasons, codes)', () => {
    const keys = [
      ...ARTIFICIAL_TYPES.map((s) => `state.${s}`),
      ...[...AGENT_STATUSES, 'offline'].map((s) => `status.${s}`),
      ...REASONS.map((r) => `errors.reason.${r}`),
      ...[...ERROR_CODES, 'timeout', 'network', 'unknown'].map((c) => `errors.code.${c}`),
      ...SESSION_REVOKED_REASONS.map((r) => `signIn.notice.${r}`),
      ...['inbox', 'supervisor', 'accounts'].map((v) => `topBar.view.${v}`),
      ...['connected', 'connecting', 'disconnected', 'unauthorized'].map((c) => `topBar.connection.${c}`),
      ...['customer', 'agent', 'system'].map((s) => `details.closedBy.${s}`),
      ...['agent', 'supervisor'].map((r) => `role.${r}`),
    ];
    expect(keys.filter((key) => !exists(key))).toEqual([]);
  });
});
