// What makes a set of catalogues incomplete: a key one locale has and another lacks, a plural form a locale's
// grammar needs and its catalogue lacks (English: one/other; Chinese: other), or an interpolation one locale uses
// and another does not. Used by each app's catalogue test.
import type { Catalogue } from './create-i18n';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(catalogue: Catalogue, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else flatten(value, path, out);
  }
  return out;
}

const variables = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((match) => match[1]).sort();

export function catalogueProblems(catalogues: Record<string, Catalogue>): string[] {
  const problems: string[] = [];
  const flat = Object.fromEntries(Object.entries(catalogues).map(([locale, cat]) => [locale, flatten(cat)]));
  const baseKeys = (keys: Iterable<string>) => new Set([...keys].map((key) => key.replace(PLURAL_SUFFIX, '')));
  const all = new Set<string>();
  for (const entries of Object.values(flat)) for (const key of baseKeys(entries.keys())) all.add(key);

  for (const [locale, entries] of Object.entries(flat)) {
    const have = baseKeys(entries.keys());
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    for (const key of all) {
      if (!have.has(key)) {
        problems.push(`${locale}: missing "${key}"`);
        continue;
      }
      const plural = [...entries.keys()].some((k) => k !== key && k.replace(PLURAL_SUFFIX, '') === key);
      if (plural) {
        for (const category of categories) {
          if (!entries.has(`${key}_${category}`)) problems.push(`${locale}: "${key}" lacks its "${category}" form`);
        }
      } else if (!entries.has(key)) {
        // Plural in another locale only: this locale needs the forms of its own grammar.
        for (const category of categories) problems.push(`${locale}: "${key}" lacks its "${category}" form`);
      }
    }
    for (const [key, text] of entries) {
      if (!text.trim()) problems.push(`${locale}: "${key}" is empty`);
    }
  }
  // Every locale interpolates the same values for a key (plural forms compared by their "other" form).
  const [first, ...rest] = Object.keys(flat);
  const textFor = (entries: Map<string, string>, key: string) => entries.get(key) ?? entries.get(`${key}_other`);
  for (const key of all) {
    const expected = textFor(flat[first], key);
    if (expected === undefined) continue;
    for (const locale of rest) {
      const actual = textFor(flat[locale], key);
      if (actual !== undefined && variables(actual).join() !== variables(expected).join()) {
        problems.push(`${locale}: "${key}" interpolates ${variables(actual).join(', ') || 'nothing'}, ${first} ${variables(expected).join(', ') || 'nothing'}`);
      }
    }
  }
  return problems;
}
