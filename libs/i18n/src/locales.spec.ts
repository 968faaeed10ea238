import { isImeComposing } from './ime';
import { matchLocale, negotiateLocale } from './locales';
import { avatarInitial, truncateText } from './text';

describe('locales', () => {
  it('maps every Chinese tag to zh-CN and every English one to en', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-Hans-CN', 'zh_SG', 'ZH-tw']) expect(matchLocale(tag)).toBe('zh-CN');
    for (const tag of ['en', 'en-GB', 'en-US']) expect(matchLocale(tag)).toBe('en');
    expect(matchLocale('fr-FR')).toBeNull();
    expect(matchLocale('')).toBeNull();
  });

  it('takes the first preference it speaks, then English', () => {
    expect(negotiateLocale([null, 'fr', 'zh-CN', 'en'])).toBe('zh-CN');
    expect(negotiateLocale(['de', 'fr'])).toBe('en');
    expect(negotiateLocale([])).toBe('en');
  });
});

describe('isImeComposing', () => {
  it('is true while composing and for the 229 keydown some browsers send', () => {
    expect(isImeComposing({ isComposing: true, keyCode: 13 })).toBe(true);
    expect(isImeComposing({ nativeEvent: { isComposing: false, keyCode: 229 } })).toBe(true);
    expect(isImeComposing({ nativeEvent: { isComposing: false, keyCode: 13 } })).toBe(false);
  });
});

describe('text', () => {
  it('truncates by characters, never inside a Chinese character or an emoji', () => {
    expect(truncateText('你好世界欢迎光临', 5)).toBe('你好世界…');
    expect(truncateText('👍🏽👍🏽👍🏽', 2)).toBe('👍🏽…');
    expect(truncateText('short', 10)).toBe('short');
  });

  it('takes the first character of a name for avatars', () => {
    expect(avatarInitial('王小明')).toBe('王');
    expect(avatarInitial('ana lima')).toBe('A');
    expect(avatarInitial('  ')).toBe('?');
  });
});
