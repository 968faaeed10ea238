import { addDays, reportRange, startOfDay } from './reports';

describe('report ranges in a time zone', () => {
  it('starts days at local midnight, across a change of offset too', () => {
    expect(startOfDay('Asia/Shanghai', '2030-03-10').toISOString()).toBe('2030-03-09T16:00:00.000Z');
    expect(startOfDay('UTC', '2030-03-10').toISOString()).toBe('2030-03-10T00:00:00.000Z');
    // New York springs forward on 2026-03-08: that day starts at EST (-5), the next at EDT (-4)
    expect(startOfDay('America/New_York', '2026-03-08').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDay('America/New_York', '2026-03-09').toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it('adds calendar days across months and leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2030-03-01', -1)).toBe('2030-02-28');
  });

  it('takes dates as whole days (to included) and instants as they are (to excluded)', () => {
    const days = reportRange('Asia/Shanghai', '2030-03-10', '2030-03-11');
    expect(days).toEqual({
      ok: true,
      from: new Date('2030-03-09T16:00:00Z'),
      to: new Date('2030-03-11T16:00:00Z'),
      days: ['2030-03-10', '2030-03-11'],
    });
    const instants = reportRange('Asia/Shanghai', '2030-03-10T15:00:00Z', '2030-03-11T00:00:00+08:00');
    expect(instants).toMatchObject({ ok: true, days: ['2030-03-10'] });
  });

  it('covers at most 366 days, and refuses what is not a date', () => {
    expect(reportRange('UTC', '2029-03-11', '2030-03-11')).toMatchObject({ ok: true });
    expect(reportRange('UTC', '2029-03-10', '2030-03-11')).toMatchObject({
      ok: false,
      reason: 'range_too_long',
    });
    for (const [from, to] of [
      ['2030-02-30', '2030-03-01'],
      ['yesterday', '2030-03-01'],
      ['2030-03-01T10:00', '2030-03-02'],
      ['2030-03-02', '2030-03-01'],
    ]) {
      expect(reportRange('UTC', from, to)).toMatchObject({ ok: false, reason: 'invalid_date' });
    }
  });
});
