// `$out` and `$merge` as the last aggregation stage: mingo computes the documents, the catalog
// writes them so that indexes and the journal see every write.
import { MongoServerError } from '../engine/errors';
import { Doc, isPlainObject, valueKey } from '../engine/values';
import type { CommandContext } from './command-context';

function target(spec: unknown, ctx: CommandContext): { db: string; coll: string } {
  if (typeof spec === 'string') return { db: ctx.db, coll: spec };
  if (isPlainObject(spec) && typeof spec.coll === 'string') {
    return { db: typeof spec.db === 'string' ? spec.db : ctx.db, coll: spec.coll };
  }
  throw new MongoServerError(2, 'invalid $out/$merge target');
}

export function writeStage(ctx: CommandContext, stage: Doc, docs: Doc[]): void {
  if ('$out' in stage) {
    const { db, coll } = target(stage.$out, ctx);
    const existing = ctx.catalog.get(db, coll);
    const indexes = existing ? [...existing.indexes.values()].map((i) => i.spec) : [];
    ctx.catalog.drop(db, coll);
    const fresh = ctx.catalog.create(db, coll, {});
    for (const spec of indexes) fresh.createIndex(spec);
    for (const doc of docs) fresh.insert(doc);
    return;
  }
  const spec = stage.$merge;
  const opts: Doc = isPlainObject(spec) && 'into' in spec ? spec : { into: spec };
  const { db, coll } = target(opts.into, ctx);
  const on = typeof opts.on === 'string' ? [opts.on] : Array.isArray(opts.on) ? (opts.on as string[]) : ['_id'];
  const whenMatched = opts.whenMatched ?? 'merge';
  const whenNotMatched = opts.whenNotMatched ?? 'insert';
  const out = ctx.catalog.ensure(db, coll);
  for (const doc of docs) {
    const filter: Doc = {};
    for (const f of on) filter[f] = doc[f];
    const [match] = out.match(filter);
    if (!match) {
      if (whenNotMatched === 'insert') out.insert(doc);
      else if (whenNotMatched === 'fail') throw new MongoServerError(13113, '$merge could not find a matching document in the target collection');
      continue;
    }
    if (whenMatched === 'keepExisting') continue;
    if (whenMatched === 'fail') throw new MongoServerError(11000, `$merge found a matching document for ${valueKey(filter)}`);
    const merged = whenMatched === 'replace' ? { ...doc, _id: match._id } : { ...match, ...doc, _id: match._id };
    out.replace(match, merged);
  }
}
