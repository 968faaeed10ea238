import { attributeProblems, isHttpUrl, isIanaTimeZone, validAttributes } from './customer-profile';

describe('customer attributes', () => {
  it('accepts up to 20 keys of the safe charset with string, number or boolean values', () => {
    expect(attributeProblems({ plan: 'gold', seats: 3, 'account-id': 'A_1', trial: false })).toEqual([]);
    expect(attributeProblems(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])))).toEqual(
      [],
    );
  });

  it('names each problem', () => {
    expect(attributeProblems(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])))).toEqual(
      ['attributes may have at most 20 keys'],
    );
    expect(attributeProblems({ 'a b': 1 })[0]).toMatch(/attribute key "a b"/);
    expect(attributeProblems(JSON.parse('{"__proto__": 1}'))[0]).toMatch(/__proto__/);
    expect(attributeProblems({ note: 'x'.repeat(501) })).toEqual([
      'attribute note must be at most 500 characters',
    ]);
    expect(attributeProblems({ n: Number.NaN, o: {}, l: [], z: null })).toHaveLength(4);
    for (const value of [null, [], 'x', 1])
      expect(attributeProblems(value)).toEqual(['attributes must be an object']);
  });

  it('keeps only the valid ones for the widget', () => {
    expect(validAttributes({ plan: 'gold', 'bad key': 1, nested: {}, ok: true })).toEqual({
      plan: 'gold',
      ok: true,
    });
    expect(validAttributes('nope')).toEqual({});
  });
});

describe('page addresses and time zones', () => {
  it('takes absolute http(s) URLs only', () => {
    expect(isHttpUrl('https://shop.example.com/a?b=c#d')).toBe(true);
    expect(isHttpUrl('http://127.0.0.1:4000/')).toBe(true);
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,x',
      'ftp://x.example/',
      '/path',
      '',
      'https://',
    ]) {
      expect(isHttpUrl(url)).toBe(false);
    }
  });

  it('knows IANA names and refuses offsets and inventions', () => {
    for (const zone of [
      'UTC',
      'Europe/Paris',
      'America/Argentina/Buenos_Aires',
      'Asia/Shanghai',
      'Etc/GMT+5',
    ]) {
      expect(isIanaTimeZone(zone)).toBe(true);
    }
    for (const zone of ['+05:00', 'Mars/Olympus_Mons', 'Europe/', '', 'x'.repeat(65)])
      expect(isIanaTimeZone(zone)).toBe(false);
  });
});
