import { Injectable } from '@nestjs/common';
import type { CannedReply, CreateCannedReplyRequest, UpdateCannedReplyRequest } from '@switchboard/protocol';
import type { Principal } from '../auth/principal';
import { badRequest, isDuplicateKeyError, notFound, refused } from '../common/domain-error';
import { CannedRepliesRepository, ownerKeyOf, type CannedReplySet } from './canned-replies.repository';
import type { CannedReplyRecord } from './schemas/canned-reply.schema';

function toCannedReply(record: CannedReplyRecord): CannedReply {
  return {
    id: record._id.toHexString(),
    shortcut: record.shortcut,
    text: record.text,
    scope: record.scope,
    ownerId: record.ownerId,
  };
}

const shortcutTaken = (shortcut: string) =>
  refused('conflict', 'taken', `the shortcut "${shortcut}" is already used in this set of canned replies`);

/**
 * The rules of canned replies (PROTOCOL section 8): everyone on the staff keeps a personal set; the team set is
 * the supervisors' to write and everyone's to use. Someone else's personal reply does not exist for the caller.
 */
@Injectable()
export class CannedRepliesService {
  constructor(private readonly replies: CannedRepliesRepository) {}

  /** The caller's personal replies, then the team's, each in shortcut order. */
  async list(caller: Principal): Promise<CannedReply[]> {
    const [personal, team] = await Promise.all([
      this.replies.listSet({ scope: 'personal', ownerKey: ownerKeyOf('personal', caller.id) }),
      this.replies.listSet({ scope: 'team', ownerKey: ownerKeyOf('team', caller.id) }),
    ]);
    return [...personal, ...team].map(toCannedReply);
  }

  async create(caller: Principal, request: CreateCannedReplyRequest): Promise<CannedReply> {
    if (request.scope === 'team') this.mayWriteTeamSet(caller);
    try {
      const created = await this.replies.insert({
        scope: request.scope,
        ownerId: caller.id,
        shortcut: request.shortcut,
        text: request.text.trim(),
      });
      return toCannedReply(created);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw shortcutTaken(request.shortcut);
      throw error;
    }
  }

  async update(caller: Principal, id: string, request: UpdateCannedReplyRequest): Promise<CannedReply> {
    const changes: { shortcut?: string; text?: string } = {};
    if (request.shortcut !== undefined) changes.shortcut = request.shortcut;
    if (request.text !== undefined) changes.text = request.text.trim();
    if (Object.keys(changes).length === 0) throw badRequest('give at least one of: shortcut, text');
    const set = await this.editableSet(caller, id);
    try {
      const updated = await this.replies.update(id, set, changes);
      if (!updated) throw notFound('canned reply');
      return toCannedReply(updated);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw shortcutTaken(changes.shortcut ?? '');
      throw error;
    }
  }

  async remove(caller: Principal, id: string): Promise<void> {
    const set = await this.editableSet(caller, id);
    if (!(await this.replies.delete(id, set))) throw notFound('canned reply');
  }

  /** The set of a reply the caller may change: their own personal one, or a team one for supervisors. */
  private async editableSet(caller: Principal, id: string): Promise<CannedReplySet> {
    const found = await this.replies.findById(id);
    // Another person's personal reply is answered like a missing one: its existence is theirs to know.
    if (!found || (found.scope === 'personal' && found.ownerKey !== caller.id))
      throw notFound('canned reply');
    if (found.scope === 'team') this.mayWriteTeamSet(caller);
    return { scope: found.scope, ownerKey: found.ownerKey };
  }

  private mayWriteTeamSet(caller: Principal): void {
    if (caller.role !== 'supervisor')
      throw refused('forbidden', 'wrong_role', 'only supervisors may write the team canned replies');
  }
}
