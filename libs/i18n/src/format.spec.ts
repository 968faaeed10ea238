import { createFormatters } from './format';

// 2026-03-10 09:05 in Shanghai is 01:05 UTC.
const now = new Date('2026-03-10T06:00:00Z');
const en = createFormatters('en', 'Asia/Shanghai');
const zh = createFormatters('zh-CN', 'Asia/Shanghai');

describe('createFormatters', () => {
  it('shows clock times in the reader timezone, with the date on other days and the year in other years', () => {
    // Depending on the ICU version, "AM" follows a space or a narrow no-break space.
    expect(en.clock('2026-03-10T01:05:00Z', now)).toMatch(/^9:05\sAM$/);
    expect(zh.clock('2026-03-10T01:05:00Z', now)).toBe('9:05');
    expect(en.clock('2026-03-08T05:05:00Z', now)).toMatch(/^Mar 8, 1:05\sPM$/);
    expect(zh.clock('2026-03-08T05:05:00Z', now)).toBe('3月8日 13:05');
    expect(zh.clock('2025-12-31T01:05:00Z', now)).toContain('2025');
  });

  it('names today and yesterday in each language, by the reader calendar day', () => {
    expect(en.day('2026-03-10T00:30:00Z', now)).toBe('Today');
    expect(zh.day('2026-03-10T00:30:00Z', now)).toBe('今天');
    // 23:30 UTC on the 9th is already the 10th in Shanghai, but still the 9th in UTC.
    expect(zh.day('2026-03-09T23:30:00Z', now)).toBe('今天');
    expect(createFormatters('en', 'UTC').day('2026-03-09T23:30:00Z', now)).toBe('Yesterday');
    expect(zh.day('2026-03-08T23:00:00Z', now)).toBe('昨天');
    expect(en.day('2026-03-01T04:00:00Z', now)).toBe('Sun, Mar 1');
  });

  it('groups by the reader calendar day', () => {
    expect(zh.dayKey('2026-03-09T23:30:00Z')).toBe('2026-03-10');
    expect(createFormatters('zh-CN', 'UTC').dayKey('2026-03-09T23:30:00Z')).toBe('2026-03-09');
  });

  it('writes relative times and durations with Intl, never English literals in Chinese', () => {
    expect(zh.relative(new Date(now.getTime() - 3 * 60_000), now)).toBe('3分钟前');
    expect(en.relative(new Date(now.getTime() - 3 * 60_000), now)).toBe('3 minutes ago');
    expect(en.relative(now, now)).toBe('now');
    expect(en.duration(45)).toBe('45s');
    expect(en.duration(185)).toBe('3m 5s');
    expect(zh.duration(185)).toBe('3分钟5秒');
    expect(en.duration(4320)).toBe('1h 12m');
    expect(en.duration(3600)).toBe('1h');
    expect(zh.duration(-5)).toBe('0秒');
  });

  it('rounds estimates to whole minutes', () => {
    expect(en.approximateMinutes(20)).toEqual({ minutes: 1, underAMinute: true });
    expect(en.approximateMinutes(250)).toEqual({ minutes: 4, underAMinute: false });
  });

  it('formats sizes and numbers in the locale', () => {
    expect(en.size(512)).toBe('512 B');
    expect(en.size(2560)).toBe('2.5 KB');
    expect(zh.size(1536)).toBe('1.5 KB');
    expect(en.size(3 * 1024 * 1024)).toBe('3 MB');
    expect(en.number(12345)).toBe('12,345');
  });
});
