import type { CannedReply } from '@switchboard/protocol';
import { matchCannedReplies, MAX_SHOWN, slashQuery } from './canned-reply-search';

const reply = (shortcut: string, text: string, scope: CannedReply['scope'] = 'personal'): CannedReply => ({
  id: `id-${shortcut}-${scope}`,
  shortcut,
  text,
  scope,
  ownerId: 'agent-1',
});

describe('matchCannedReplies', () => {
  const replies = [
    reply('thanks', 'Thank you for waiting.'),
    reply('refund-time', 'Refunds take 3 days.'),
    reply('greet', 'Hello {{customer.name}}'),
    reply('bye', 'Thanks, and see you soon!', 'team'),
    reply('tuikuan', '退款会在 3 个工作日内到账。', 'team'),
    reply('refund', 'Refunds go back to the card you paid with.', 'team'),
  ];
  const shortcuts = (query: string) => matchCannedReplies(replies, query).map((r) => r.shortcut);

  it('shows everything, in order, for an empty query', () => {
    expect(shortcuts('')).toEqual(['thanks', 'refund-time', 'greet', 'bye', 'tuikuan', 'refund']);
    expect(shortcuts('  ')).toHaveLength(6);
  });

  it('puts shortcuts that start with the query first, then those that hold it, then texts that hold it', () => {
    expect(shortcuts('ref')).toEqual(['refund-time', 'refund']);
    expect(shortcuts('time')).toEqual(['refund-time']);
    expect(shortcuts('THANK')).toEqual(['thanks', 'bye']);
    expect(shortcuts('an')).toEqual(['thanks', 'tuikuan', 'bye']);
    expect(shortcuts('card')).toEqual(['refund']);
  });

  it('finds Chinese text by substring, and nothing for a query nothing holds', () => {
    expect(shortcuts('退款')).toEqual(['tuikuan']);
    expect(shortcuts('工作日')).toEqual(['tuikuan']);
    expect(shortcuts('zzz')).toEqual([]);
  });

  it('never shows more than MAX_SHOWN', () => {
    const many = Array.from({ length: MAX_SHOWN + 10 }, (_, i) => reply(`r${i}`, 'text'));
    expect(matchCannedReplies(many, 'r')).toHaveLength(MAX_SHOWN);
  });
});

describe('slashQuery', () => {
  it('is what follows a leading slash on one line, else null', () => {
    expect(slashQuery('/')).toBe('');
    expect(slashQuery('/ref')).toBe('ref');
    expect(slashQuery('/refund time')).toBe('refund time');
    expect(slashQuery('hello /ref')).toBeNull();
    expect(slashQuery(' /ref')).toBeNull();
    expect(slashQuery('/ref\nmore')).toBeNull();
    expect(slashQuery('')).toBeNull();
  });
});
