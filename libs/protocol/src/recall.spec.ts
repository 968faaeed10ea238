import { messagePreview, PREVIEW_LABELS } from './message-preview';
import { recallWindowLeftMs, withinRecallWindow } from './recall';

describe('recall (PROTOCOL section 8)', () => {
  const createdAt = '2026-11-25T10:00:00.000Z';

  it('a recalled message previews as recalled, never with what it held', () => {
    const preview = messagePreview({
      seq: 4,
      kind: 'file',
      text: 'my passport',
      sender: { id: 'c1', type: 'customer', name: 'Maria' },
      attachment: { name: 'passport.pdf' },
      createdAt,
      recalledAt: '2026-11-25T10:00:30.000Z',
    });
    expect(preview).toEqual({ seq: 4, preview: PREVIEW_LABELS.recalled, senderType: 'customer', at: createdAt, kind: 'file', recalled: true });
    expect(JSON.stringify(preview)).not.toMatch(/passport/);
  });

  it('the window includes its last millisecond and says how long is left', () => {
    const at = Date.parse(createdAt);
    expect(withinRecallWindow(createdAt, 120, at + 120_000)).toBe(true);
    expect(withinRecallWindow(createdAt, 120, at + 120_001)).toBe(false);
    expect(recallWindowLeftMs(createdAt, 120, at + 100_000)).toBe(20_000);
    expect(recallWindowLeftMs(createdAt, 120, at + 500_000)).toBe(0);
  });
});
