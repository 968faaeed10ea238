import { messagePreview, PREVIEW_LENGTH } from './message-preview';

const base = {
  seq: 7,
  kind: 'text' as const,
  text: 'Hello there',
  sender: { id: 'c1', type: 'customer' as const, name: 'Maria' },
  attachment: null,
  createdAt: new Date('2026-11-25T10:00:00.000Z'),
};

describe('messagePreview', () => {
  it('summarises text, images and files the same way for the gateway and the clients', () => {
    expect(messagePreview(base)).toEqual({
      seq: 7,
      preview: 'Hello there',
      senderType: 'customer',
      at: '2026-11-25T10:00:00.000Z',
      kind: 'text',
    });
    expect(
      messagePreview({ ...base, kind: 'image', text: null, attachment: { name: 'a.png' } }).preview,
    ).toBe('[image]');
    expect(
      messagePreview({ ...base, kind: 'file', text: 'the invoice', attachment: { name: 'invoice.pdf' } })
        .preview,
    ).toBe('[file] invoice.pdf the invoice');
  });

  it(`cuts a long text to ${PREVIEW_LENGTH} characters with an ellipsis`, () => {
    const preview = messagePreview({
      ...base,
      text: 'x'.repeat(500),
      createdAt: '2026-11-25T10:00:00.000Z',
    }).preview;
    expect(preview).toHaveLength(PREVIEW_LENGTH);
    expect(preview.endsWith('…')).toBe(true);
  });

  it('never cuts a character in half: emoji and Chinese count as one each', () => {
    const text = `${'好'.repeat(130)}${'😀'.repeat(20)}`;
    const preview = messagePreview({ ...base, text }).preview;
    expect(Array.from(preview)).toHaveLength(PREVIEW_LENGTH);
    expect(preview).toBe(`${'好'.repeat(130)}${'😀'.repeat(9)}…`);
    expect(preview).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it(`keeps a text of exactly ${PREVIEW_LENGTH} characters whole, however many UTF-16 units they take`, () => {
    const text = `${'好'.repeat(PREVIEW_LENGTH - 10)}${'👍🏽'.repeat(10)}`;
    expect(messagePreview({ ...base, text }).preview).toBe(text);
    expect(messagePreview({ ...base, text: `${text}!` }).preview).toBe(`${'好'.repeat(PREVIEW_LENGTH - 10)}${'👍🏽'.repeat(9)}…`);
  });

  it('carries a system message\'s code and params, so each reader can show it in their language', () => {
    const system = { code: 'agent_joined', params: { agentName: 'Ana' } } as const;
    const last = messagePreview({ ...base, kind: 'system', text: 'Ana joined', system, sender: { id: 'system', type: 'system', name: 'System' } });
    expect(last).toMatchObject({ kind: 'system', preview: 'Ana joined', system });
    expect(messagePreview(base)).not.toHaveProperty('system');
  });
});
