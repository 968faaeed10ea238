import { catalogueProblems } from './catalogue-check';

describe('catalogueProblems', () => {
  it('accepts complete catalogues with each grammar own plural forms', () => {
    expect(
      catalogueProblems({
        en: { queue: { waiting_one: '{{count}} waiting', waiting_other: '{{count}} waiting' }, send: 'Send' },
        'zh-CN': { queue: { waiting_other: '{{count}} 人排队' }, send: '发送' },
      }),
    ).toEqual([]);
  });

  it('names missing keys, missing plural forms, empty texts and interpolations that differ', () => {
    expect(
      catalogueProblems({
        en: { send: 'Send', items_one: '{{count}} item', items_other: '{{count}} items', hello: 'Hi {{name}}' },
        'zh-CN': { items_one: '{{count}} 项', hello: '你好', extra: ' ' },
      }),
    ).toEqual([
      'en: missing "extra"',
      'zh-CN: missing "send"',
      'zh-CN: "items" lacks its "other" form',
      'zh-CN: "extra" is empty',
      'zh-CN: "hello" interpolates nothing, en name',
    ]);
  });
});
