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
});
