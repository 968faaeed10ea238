// Regular expressions without backtracking. JavaScript's engine backtracks: `^(a+)+$` against 'aaaa…b' runs for
// seconds and holds the event loop, so no pattern a client sends is ever executed by it. Every match runs on re2js
// (linear in the input), MongoDB's options i, m, s and x are translated for it, and what RE2 cannot express
// (backreferences, lookaround, possessive quantifiers) is refused with MongoDB's "Regular expression is invalid".
//
// Patterns still travel as JavaScript RegExp objects, because mingo (query and aggregation semantics) recognises
// them with `instanceof RegExp` and copies them with `new RegExp(re)`: `StoreRegExp` is a RegExp whose `exec` and
// `test` run RE2, and `toStoreRegExp` turns any copy back into one. A pattern therefore has to be valid for both
// engines (the syntax MongoDB users write is; inline flag groups such as `(?i)` are not JavaScript). The JavaScript
// side only carries source and flags; MongoDB's `s` travels as `g`, the way the bson library maps it.
import type { BSONRegExp } from 'bson';
import { RE2JS } from 're2js';
import { MongoServerError } from './errors';

/** MongoDB's limit on a pattern's length in bytes. */
export const MAX_PATTERN_BYTES = 16_384;

/** Where a pattern is compiled: MongoDB answers with different codes for a query and for `$regexMatch` & co. */
export interface RegexSite {
  /** Code of an invalid pattern: 51091 in queries, 51111 in expressions. */
  invalidCode: number;
  /** Message prefix, e.g. 'Regular expression is invalid: '. */
  invalidPrefix: string;
  /** Prefix of "invalid flag in regex options". */
  flagPrefix: string;
}

export const QUERY_SITE: RegexSite = { invalidCode: 51091, invalidPrefix: 'Regular expression is invalid: ', flagPrefix: '' };

export function expressionSite(operator: string): RegexSite {
  return { invalidCode: 51111, invalidPrefix: `Invalid Regex in ${operator}: `, flagPrefix: `${operator} ` };
}

/** The options MongoDB accepts in `$options` and in `$regexMatch`'s `options` (u is implied: always Unicode). */
const VALID_OPTIONS = new Set(['i', 'm', 's', 'x', 'u']);

/** PCRE's white space in extended mode (Pattern_White_Space in UTF mode). */
const EXTENDED_SPACE = new Set([' ', '\t', '\n', '\v', '\f', '\r', '\u0085', '\u200e', '\u200f', '\u2028', '\u2029']);

/** A RegExp whose matching runs on RE2. */
export class StoreRegExp extends RegExp {
  private compiled: RE2JS | null = null;
  /** What RE2 compiles: the pattern with the `x` option applied (JavaScript's `source` escapes some characters). */
  private readonly re2Source: string;

  constructor(
    /** The pattern as sent (before the `x` option was applied). */
    readonly pattern: string,
    /** MongoDB options as sent, e.g. 'im'. */
    readonly options: string,
    readonly site: RegexSite = QUERY_SITE,
  ) {
    const source = options.includes('x') ? stripExtended(pattern) : pattern;
    super(source, jsFlags(options));
    this.re2Source = source;
  }

  /** The RE2 program, compiled on first use (a regular expression stored as a value is never compiled). */
  get re2(): RE2JS {
    return (this.compiled ??= compileRe2(this.re2Source, this.options, this.site));
  }

  override exec(input: string): RegExpExecArray | null {
    const m = this.re2.matcher(input);
    if (!m.find()) return null;
    const groups: (string | undefined)[] = [];
    for (let g = 0; g <= m.groupCount(); g++) groups.push(m.group(g) ?? undefined);
    return Object.assign(groups, { index: m.start(), input, groups: undefined }) as unknown as RegExpExecArray;
  }

  override test(input: string): boolean {
    return this.re2.test(input);
  }

}

const cache = new Map<string, StoreRegExp>();
const CACHE_ENTRIES = 1000;

/**
 * A compiled StoreRegExp for `pattern` with MongoDB `options`: checks the options, the length and RE2's syntax now,
 * so a bad pattern fails the command before any document is looked at.
 */
export function compileRegex(pattern: string, options: string, site: RegexSite = QUERY_SITE): StoreRegExp {
  checkPattern(pattern, options, site);
  const key = `${site.invalidCode}/${options}/${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let re: StoreRegExp;
  try {
    re = new StoreRegExp(pattern, options, site);
  } catch (err) {
    throw new MongoServerError(site.invalidCode, `${site.invalidPrefix}${(err as Error).message} (this store accepts the syntax RE2 and JavaScript share)`);
  }
  void re.re2; // compile (and refuse) now
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, re);
  return re;
}

/** Any regular expression mingo hands over (a copy of a StoreRegExp, a collation rewrite, a stored value) as one running on RE2. */
export function toStoreRegExp(re: RegExp, site: RegexSite = QUERY_SITE): StoreRegExp {
  if (re instanceof StoreRegExp && re.site === site) {
    void re.re2;
    return re;
  }
  return compileRegex(unescapeSource(re.source), optionsOfFlags(re.flags), site);
}

/** JavaScript's `source` writes line separators as \u2028 / \u2029, an escape RE2 does not know: back to the characters. */
function unescapeSource(source: string): string {
  if (!source.includes('\\u202')) return source;
  let out = '';
  for (let i = 0; i < source.length; i++) {
    if (source[i] !== '\\') out += source[i];
    else if (/^u202[89]$/.test(source.slice(i + 1, i + 6))) {
      out += String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16));
      i += 5;
    } else {
      out += source.slice(i, i + 2);
      i++;
    }
  }
  return out;
}

/**
 * A BSON regular expression from the wire as a plain RegExp value, `x` applied (JavaScript has no such flag, and the
 * journal reads values back as JavaScript RegExps: so a stored value means the same after a restart). It is
 * compiled for RE2 only when used as a pattern.
 */
export function fromBsonRegExp(value: BSONRegExp): RegExp {
  const options = [...new Set(value.options)].filter((o) => VALID_OPTIONS.has(o)).join('');
  try {
    return new RegExp(options.includes('x') ? stripExtended(value.pattern) : value.pattern, jsFlags(options));
  } catch (err) {
    throw new MongoServerError(51091, `Regular expression is invalid: ${(err as Error).message} (this store accepts the syntax RE2 and JavaScript share)`);
  }
}

/** `$regex` with `$options`, as MongoDB combines them: options on both sides are an error. */
export function combineOptions(regex: unknown, options: unknown, site: RegexSite, both: { code: number; message: string }): { pattern: string; options: string } {
  if (typeof regex === 'string') return { pattern: regex, options: typeof options === 'string' ? options : '' };
  if (regex instanceof RegExp) {
    const own = regex instanceof StoreRegExp ? regex.options : optionsOfFlags(regex.flags);
    const pattern = regex instanceof StoreRegExp ? regex.pattern : unescapeSource(regex.source);
    const extra = typeof options === 'string' ? options : '';
    if (own && extra) throw new MongoServerError(both.code, both.message);
    return { pattern, options: own || extra };
  }
  throw new MongoServerError(site === QUERY_SITE ? 2 : 51105, '$regex has to be a string');
}

function checkPattern(pattern: string, options: string, site: RegexSite): void {
  for (const o of options) {
    if (!VALID_OPTIONS.has(o)) throw new MongoServerError(51108, `${site.flagPrefix}invalid flag in regex options: ${o}`);
  }
  if (pattern.includes('\0')) throw new MongoServerError(site.invalidCode, `${site.invalidPrefix}regular expression cannot contain an embedded null byte`);
  if (Buffer.byteLength(pattern) > MAX_PATTERN_BYTES) {
    throw new MongoServerError(site.invalidCode, `${site.invalidPrefix}pattern string is longer than the limit set by the application (${MAX_PATTERN_BYTES} bytes)`);
  }
}

function compileRe2(source: string, options: string, site: RegexSite): RE2JS {
  let flags = 0;
  if (options.includes('i')) flags |= RE2JS.CASE_INSENSITIVE;
  if (options.includes('m')) flags |= RE2JS.MULTILINE;
  if (options.includes('s')) flags |= RE2JS.DOTALL;
  try {
    return RE2JS.compile(source, flags);
  } catch (err) {
    const reason = (err as Error).message.replace(/^error parsing regexp: /, '');
    throw new MongoServerError(site.invalidCode, `${site.invalidPrefix}${reason} (backreferences, lookaround and possessive quantifiers are not supported)`);
  }
}

function jsFlags(options: string): string {
  return (options.includes('i') ? 'i' : '') + (options.includes('s') ? 'g' : '') + (options.includes('m') ? 'm' : '');
}

/** JavaScript flags back to MongoDB options: g is bson's spelling of s; JavaScript's own dotAll is s too. */
function optionsOfFlags(flags: string): string {
  return (flags.includes('i') ? 'i' : '') + (flags.includes('m') ? 'm' : '') + (/[gs]/.test(flags) ? 's' : '');
}

/**
 * PCRE's extended mode, which RE2 lacks: white space outside character classes is dropped and `#` starts a comment
 * to the end of the line. Escaped characters and `\Q…\E` stay literal.
 */
export function stripExtended(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (pattern[i + 1] === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const literal = end < 0 ? pattern.slice(i) : pattern.slice(i, end + 2);
        out += literal;
        i += literal.length - 1;
      } else {
        out += pattern.slice(i, i + 2);
        i++;
      }
    } else if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2);
        const posix = end < 0 ? c : pattern.slice(i, end + 2);
        out += posix;
        i += posix.length - 1;
      } else {
        if (c === ']') inClass = false;
        out += c;
      }
    } else if (c === '[') {
      inClass = true;
      out += c;
      if (pattern[i + 1] === '^') out += pattern[++i];
      if (pattern[i + 1] === ']') out += pattern[++i]; // a leading ] is a member, not the end
    } else if (c === '#') {
      const newline = pattern.indexOf('\n', i);
      i = newline < 0 ? pattern.length : newline;
    } else if (!EXTENDED_SPACE.has(c)) {
      out += c;
    }
  }
  return out;
}
