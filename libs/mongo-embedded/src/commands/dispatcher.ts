// Routes a command document to its handler and turns failures into MongoDB error replies.
import { MongoServerError, toServerError } from '../engine/errors';
import type { Doc } from '../engine/values';
import { adminCommands } from './admin.commands';
import { authCommands } from './auth.commands';
import type { CommandContext, CommandHandler } from './command-context';
import { ddlCommands } from './ddl.commands';
import { queryCommands } from './query.commands';
import { writeCommands } from './write.commands';

const HANDLERS = new Map<string, CommandHandler>(
  Object.entries({ ...adminCommands, ...authCommands, ...ddlCommands, ...queryCommands, ...writeCommands }),
);
const LOWERCASE = new Map([...HANDLERS].map(([name, h]) => [name.toLowerCase(), h]));

/** Commands that write: they run inside a write transaction and are answered once it is committed. */
const WRITE_COMMANDS = new Set(
  ['insert', 'update', 'delete', 'findAndModify', 'create', 'drop', 'dropDatabase', 'createIndexes', 'dropIndexes', 'deleteIndexes', 'renameCollection'].map((n) => n.toLowerCase()),
);

/** About how many documents a write command writes: its batch of documents, updates or deletes (1 for the rest). */
export function writeWeight(cmd: Doc): number {
  const batch = cmd.documents ?? cmd.updates ?? cmd.deletes;
  return Array.isArray(batch) ? Math.max(1, batch.length) : 1;
}

export function isWriteCommand(cmd: Doc): boolean {
  const name = Object.keys(cmd)[0]?.toLowerCase();
  if (name === undefined) return false;
  if (WRITE_COMMANDS.has(name)) return true;
  if (name !== 'aggregate' || !Array.isArray(cmd.pipeline)) return false;
  const last = cmd.pipeline[cmd.pipeline.length - 1] as Doc | undefined;
  return !!last && typeof last === 'object' && ('$out' in last || '$merge' in last);
}

export function runCommand(cmd: Doc, ctx: CommandContext): Doc {
  const name = Object.keys(cmd)[0];
  try {
    const handler = name === undefined ? undefined : (HANDLERS.get(name) ?? LOWERCASE.get(name.toLowerCase()));
    if (!handler) throw new MongoServerError(59, `no such command: '${name ?? ''}'`);
    ctx.session.checkAllowed(name);
    // A standalone mongod refuses sessions with transaction numbers; so do we.
    if (cmd.txnNumber !== undefined || cmd.autocommit === false || cmd.startTransaction === true) {
      throw new MongoServerError(20, 'Transaction numbers are only allowed on a replica set member or mongos');
    }
    return handler(cmd, ctx);
  } catch (err) {
    return toServerError(err, 1).toReply();
  }
}
