import { contrastRatio, LABEL_PALETTE, labelKey, labelTextColor, uniqueLabelNames } from './labels';

describe('labels', () => {
  it('collapses names that differ only in case or surrounding space, keeping the first', () => {
    expect(uniqueLabelNames(['VIP', ' vip', 'Billing', 'billing ', '退款', '退款'])).toEqual(['VIP', 'Billing', '退款']);
    expect(labelKey('  Ä Label ')).toBe('ä label');
  });

  it('picks chip text that reaches WCAG AA (4.5:1) on any background', () => {
    const samples = [...LABEL_PALETTE, '#777777', '#767676', '#808080', '#ffff00', '#0000ff', '#000000', '#ffffff'];
    for (let i = 0; i < 4096; i += 37) samples.push(`#${i.toString(16).padStart(3, '0').replace(/./g, (c) => c + c)}`);
    for (const background of samples) {
      expect(contrastRatio(background, labelTextColor(background))).toBeGreaterThanOrEqual(4.5);
    }
    expect(labelTextColor('#ffffff')).toBe('#000000');
    expect(labelTextColor('#1e3a8a')).toBe('#ffffff');
  });
});
