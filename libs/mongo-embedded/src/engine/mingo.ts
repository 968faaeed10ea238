// mingo as the store runs it: every Query, Aggregator, find, aggregate and update goes through this module, which
// gives mingo an operator context of its own. Context differs from mingo's default in what touches regular
// expressions (they run on RE2, see regex.ts): the query operators $regex, $in, $nin and $all, the $match stage (so
// nested pipelines of $lookup, $facet and $unionWith are covered) and the expressions $regexMatch, $regexFind and
// $regexFindAll. Scripts ($where, $function, $accumulator) are off: a server never runs code a client sends.
// mingo's top-level helpers merge a caller's context under their default one (the defaults win), so the store uses
// mingo's base classes with its own context instead.
import type { Aggregator as MingoAggregator, Query as MingoQuery, update as mingoUpdate } from 'mingo';
import { Context } from 'mingo';
import { MongoServerError } from './errors';
import { QUERY_SITE, combineOptions, compileRegex, expressionSite, toStoreRegExp } from './regex';
import { Doc, isPlainObject } from './values';

type Options = NonNullable<ConstructorParameters<typeof MingoQuery>[1]>;
type QueryOperator = (selector: string, value: unknown, options: unknown) => (doc: unknown) => boolean;
type ExpressionOperator = (obj: unknown, expr: unknown, options: unknown) => unknown;
type PipelineOperator = (collection: unknown, expr: unknown, options: unknown) => unknown;
type OperatorTable<T> = Record<string, T>;

/* eslint-disable @typescript-eslint/no-require-imports -- mingo's subpath exports have no typings under node resolution */
const { Query: BaseQuery } = require('mingo/query') as { Query: typeof MingoQuery };
const { Aggregator: BaseAggregator } = require('mingo/aggregator') as { Aggregator: typeof MingoAggregator };
const updater = require('mingo/updater') as { update: typeof mingoUpdate };
const { evalExpr } = require('mingo/core') as { evalExpr: ExpressionOperator };
const queryOperators = require('mingo/operators/query') as OperatorTable<QueryOperator>;
const expressionOperators = require('mingo/operators/expression') as OperatorTable<ExpressionOperator>;
const pipelineOperators = require('mingo/operators/pipeline') as OperatorTable<PipelineOperator>;
const accumulatorOperators = require('mingo/operators/accumulator') as OperatorTable<unknown>;
const projectionOperators = require('mingo/operators/projection') as OperatorTable<unknown>;
const windowOperators = require('mingo/operators/window') as OperatorTable<unknown>;
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * `$regex`'s operand for mingo's predicate, which only asks whether `exec` found something: RE2's test (a DFA, no
 * capture groups) answers that.
 */
function onRe2(value: unknown): unknown {
  const re = value instanceof RegExp ? toStoreRegExp(value) : typeof value === 'string' ? compileRegex(value, '') : null;
  if (!re) return value;
  const program = re.re2;
  return { exec: (input: string) => (program.test(input) ? FOUND : null) };
}
const FOUND: readonly string[] = [];
const eachOnRe2 = (value: unknown): unknown =>
  Array.isArray(value) && value.some((v) => v instanceof RegExp) ? value.map((v) => (v instanceof RegExp ? toStoreRegExp(v) : v)) : value;

const withRegexOperand = (base: QueryOperator, convert: (v: unknown) => unknown): QueryOperator =>
  (selector, value, options) => base(selector, convert(value), options);

function regexSearch(name: string, all: boolean): ExpressionOperator {
  const site = expressionSite(name);
  return (obj, expr, options) => {
    if (!isPlainObject(expr)) throw new MongoServerError(51103, `${name} expects an object of named arguments but found: ${typeof expr}`);
    const args = evalExpr(obj, expr, options) as Doc;
    const { input, regex, options: flags } = args;
    if (regex !== null && regex !== undefined && typeof regex !== 'string' && !(regex instanceof RegExp)) {
      throw new MongoServerError(51105, `${name} needs 'regex' to be of type string or regex`);
    }
    if (flags !== null && flags !== undefined && typeof flags !== 'string') throw new MongoServerError(51106, `${name} needs 'options' to be of type string`);
    const both = { code: 51107, message: `${name}: found regex option(s) specified in both 'regex' and 'option' fields` };
    const spec = regex === null || regex === undefined ? null : combineOptions(regex, flags, site, both);
    if (input !== null && input !== undefined && typeof input !== 'string') throw new MongoServerError(51104, `${name} needs 'input' to be of type string`);
    const matches = spec && typeof input === 'string' ? findMatches(compileRegex(spec.pattern, spec.options, site).re2, input, all) : [];
    if (name === '$regexMatch') return matches.length > 0;
    return all ? matches : (matches[0] ?? null);
  };
}

interface RegexMatch {
  match: string;
  /** In code points, as MongoDB counts. */
  idx: number;
  captures: (string | null)[];
}

/** Matches left to right; after an empty match the search moves on by one code point. */
function findMatches(re: ReturnType<typeof compileRegex>['re2'], input: string, all: boolean): RegexMatch[] {
  const matcher = re.matcher(input);
  const out: RegexMatch[] = [];
  let from = 0;
  let counted = 0; // UTF-16 units already converted to code points
  let codePoints = 0;
  while (from <= input.length && matcher.find(from)) {
    const start = matcher.start();
    const end = matcher.end();
    codePoints += countCodePoints(input, counted, start);
    counted = start;
    const captures: (string | null)[] = [];
    for (let g = 1; g <= matcher.groupCount(); g++) captures.push(matcher.group(g));
    out.push({ match: matcher.group(0) ?? '', idx: codePoints, captures });
    if (!all) break;
    from = end > start ? end : end + (input.codePointAt(end)! > 0xffff ? 2 : 1);
  }
  return out;
}

function countCodePoints(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++; // low surrogates belong to the code point before them
  }
  return n;
}

const STORE_CONTEXT = Context.init({
  accumulator: accumulatorOperators as never,
  expression: {
    ...expressionOperators,
    $regexMatch: regexSearch('$regexMatch', false),
    $regexFind: regexSearch('$regexFind', false),
    $regexFindAll: regexSearch('$regexFindAll', true),
  } as never,
  pipeline: {
    ...pipelineOperators,
    $match: (collection: unknown, expr: unknown, options: unknown) =>
      pipelineOperators.$match(collection, isPlainObject(expr) ? prepareFilter(expr) : expr, options),
  } as never,
  projection: projectionOperators as never,
  query: {
    ...queryOperators,
    $regex: withRegexOperand(queryOperators.$regex, onRe2),
    $in: withRegexOperand(queryOperators.$in, eachOnRe2),
    $nin: withRegexOperand(queryOperators.$nin, eachOnRe2),
    $all: withRegexOperand(queryOperators.$all, eachOnRe2),
  } as never,
  window: windowOperators as never,
});

function storeOptions(options: Options = {}): Options {
  return { ...options, context: STORE_CONTEXT, scriptEnabled: false };
}

export class Query extends BaseQuery {
  constructor(condition: Doc, options?: Options) {
    super(prepareFilter(condition), storeOptions(options));
  }
}

export class Aggregator extends BaseAggregator {
  constructor(pipeline: Doc[], options?: Options) {
    super(pipeline, storeOptions(options));
  }
}

export function find(collection: Doc[], condition: Doc, projection?: Doc, options?: Options) {
  return new Query(condition, options).find(collection, projection);
}

export function aggregate(collection: Doc[], pipeline: Doc[], options?: Options): Doc[] {
  return new Aggregator(pipeline, options).run(collection) as Doc[];
}

/** mingo's `update` (positional `$`, arrayFilters, `$pull` conditions) with the store's operators. */
export function update(obj: Doc, modifier: Doc, arrayFilters: Doc[] | undefined, condition: Doc | undefined, cloneMode: 'deep' | 'copy'): string[] {
  const prepared = isPlainObject(modifier.$pull) ? { ...modifier, $pull: preparePull(modifier.$pull) } : modifier;
  return updater.update(obj, prepared, arrayFilters?.map(prepareFilter), condition && prepareFilter(condition), {
    cloneMode,
    queryOptions: storeOptions(),
  });
}

const LOGICAL = new Set(['$and', '$or', '$nor']);

/** Whether a value holds a regular expression or a `$regex…` operator anywhere (so mingo's defaults must not see it). */
export function holdsPattern(value: unknown): boolean {
  if (value instanceof RegExp) return true;
  if (Array.isArray(value)) return value.some(holdsPattern);
  return isPlainObject(value) && Object.entries(value).some(([k, v]) => k.startsWith('$regex') || holdsPattern(v));
}

/**
 * Brings `$regex` with `$options` into a form mingo can take: mingo would build a JavaScript RegExp from them
 * (which knows no `x` option and accepts options MongoDB refuses), so the pattern is compiled here, with MongoDB's
 * errors, and handed on as a ready regular expression. Returns `filter` itself when it holds no `$regex`.
 */
export function prepareFilter(filter: Doc): Doc {
  let out: Doc | null = null;
  for (const [key, value] of Object.entries(filter)) {
    let next = value;
    if (LOGICAL.has(key) && Array.isArray(value)) {
      const mapped = value.map((f) => (isPlainObject(f) ? prepareFilter(f) : f));
      if (mapped.some((f, i) => f !== value[i])) next = mapped;
    } else if (!key.startsWith('$')) {
      next = prepareClause(value);
    }
    if (next !== value) (out ??= { ...filter })[key] = next;
  }
  return out ?? filter;
}

/** A field's condition: `{ $regex, $options, ...others }`, `$not` and `$elemMatch` are looked into. */
function prepareClause(clause: unknown): unknown {
  if (!isPlainObject(clause) || !Object.keys(clause).some((k) => k.startsWith('$'))) return clause;
  let out: Doc | null = null;
  if ('$regex' in clause) {
    const { $regex, $options, ...rest } = clause;
    const spec = combineOptions($regex, $options, QUERY_SITE, { code: 51075, message: 'options set in both $regex and $options' });
    out = { ...rest, $regex: compileRegex(spec.pattern, spec.options) };
  }
  for (const op of ['$not', '$elemMatch'] as const) {
    const inner = clause[op];
    if (!isPlainObject(inner)) continue;
    const operatorForm = Object.keys(inner).some((k) => k.startsWith('$') && !LOGICAL.has(k));
    const prepared = op === '$not' || operatorForm ? prepareClause(inner) : prepareFilter(inner);
    if (prepared !== inner) (out ??= { ...clause })[op] = prepared;
  }
  return out ?? clause;
}

/** `$pull: { field: condition }`: a condition is a clause, or a filter on the elements' fields. */
function preparePull(pull: Doc): Doc {
  let out: Doc | null = null;
  for (const [field, spec] of Object.entries(pull)) {
    const operatorForm = isPlainObject(spec) && Object.keys(spec).some((k) => k.startsWith('$'));
    const prepared = isPlainObject(spec) && !operatorForm ? prepareFilter(spec) : prepareClause(spec);
    if (prepared !== spec) (out ??= { ...pull })[field] = prepared;
  }
  return out ?? pull;
}
