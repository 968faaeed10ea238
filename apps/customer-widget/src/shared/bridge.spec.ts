import {
  BRIDGE_SOURCE,
  hostUserToFragment,
  isLoaderMessage,
  isWidgetMessage,
  optionsToQuery,
  PAGE_BOUNDS,
  parseOptions,
} from './bridge';
import { PROFILE_LIMITS } from '@switchboard/protocol';
import { parseHostUser } from '../app/host/host-user';

describe('widget options', () => {
  const from = (values: Record<string, string>, languages: string[] = ['en-US']) =>
    parseOptions((name) => values[name], languages);

  it('reads the data- attributes a host page sets', () => {
    expect(
      from({
        title: 'Acme support',
        color: '#0F766E',
        position: 'left',
        customerType: 'premium',
        prechat: 'on',
      }),
    ).toEqual({
      title: 'Acme support',
      locale: 'en',
      color: '#0F766E',
      position: 'left',
      customerType: 'premium',
      prechat: true,
    });
  });

  it('falls back to defaults and refuses anything but a hex colour', () => {
    const options = from({ color: 'red; background: url(https://evil.example)', position: 'middle' });
    expect(options).toEqual({
      // No title of the host's: the panel shows its own, in the reader's language.
      title: null,
      locale: 'en',
      color: '#4f46e5',
      position: 'right',
      customerType: null,
      prechat: false,
    });
  });

  it('takes data-locale, matching what it can and negotiating the rest from the browser languages', () => {
    expect(from({ locale: 'zh-CN' }).locale).toBe('zh-CN');
    expect(from({ locale: 'zh-Hans' }).locale).toBe('zh-CN');
    expect(from({ locale: 'en' }, ['zh-CN']).locale).toBe('en');
    expect(from({}, ['zh-TW', 'en']).locale).toBe('zh-CN');
    expect(from({ locale: 'fr' }, ['fr-FR', 'zh-CN']).locale).toBe('zh-CN');
    expect(from({ locale: 'fr' }, ['fr-FR', 'de']).locale).toBe('en');
    expect(from({}, []).locale).toBe('en');
  });

  it('caps the title at 60 characters as the reader counts them, never halving an emoji', () => {
    expect(from({ title: '客'.repeat(80) }).title).toBe('客'.repeat(60));
    expect(from({ title: '👩‍👩‍👧'.repeat(61) }).title).toBe('👩‍👩‍👧'.repeat(60));
  });

  it('caps the customer type at the protocol limit', () => {
    expect(from({ customerType: 'x'.repeat(100) }).customerType).toHaveLength(40);
  });

  it('round-trips through the iframe query string', () => {
    const options = from({ title: 'Hi & bye', color: '#123456', customerType: 'vip', prechat: 'yes', locale: 'zh-CN' });
    const query = optionsToQuery(options, 'https://shop.example');
    expect(query.get('host')).toBe('https://shop.example');
    // The iframe reads the loader's locale, not its own browser's languages.
    expect(parseOptions((name) => query.get(name), ['en'])).toEqual(options);
    const untitled = from({});
    expect(parseOptions((name) => optionsToQuery(untitled, 'https://shop.example').get(name), ['en'])).toEqual(untitled);
  });
});

describe('bridge messages', () => {
  it('accepts only well-formed messages from the right side', () => {
    expect(isWidgetMessage({ source: BRIDGE_SOURCE.widget, type: 'unread', count: 3 })).toBe(true);
    expect(isWidgetMessage({ source: BRIDGE_SOURCE.widget, type: 'unread', count: '3' })).toBe(false);
    expect(isWidgetMessage({ source: BRIDGE_SOURCE.loader, type: 'close' })).toBe(false);
    expect(isWidgetMessage('close')).toBe(false);
    expect(isWidgetMessage(null)).toBe(false);
    expect(isLoaderMessage({ source: BRIDGE_SOURCE.loader, type: 'open' })).toBe(true);
    expect(isLoaderMessage({ source: BRIDGE_SOURCE.loader, type: 'navigate' })).toBe(false);
  });
});

describe('the host page and its user (issue 14)', () => {
  const page = { url: 'https://shop.example/cart', title: 'Cart', referrer: '' };

  it('takes a page message only with bounded strings', () => {
    expect(isLoaderMessage({ source: BRIDGE_SOURCE.loader, type: 'page', page })).toBe(true);
    for (const bad of [
      undefined,
      { ...page, url: 5 },
      { ...page, title: 'x'.repeat(301) },
      { ...page, url: `https://shop.example/${'a'.repeat(2000)}` },
      { url: page.url },
    ]) {
      expect(isLoaderMessage({ source: BRIDGE_SOURCE.loader, type: 'page', page: bad })).toBe(false);
    }
  });

  it('reads data-user-name, data-user-email and data-user-attributes (JSON), dropping what is invalid', () => {
    const values: Record<string, string> = {
      userName: '  Dana Scully ',
      userEmail: 'dana@example.com',
      userAttributes: JSON.stringify({ plan: 'gold', seats: 3, 'bad key': 1, nested: { a: 1 } }),
    };
    expect(parseHostUser((name) => values[name])).toEqual({
      verified: null,
      name: 'Dana Scully',
      email: 'dana@example.com',
      attributes: { plan: 'gold', seats: 3 },
    });
    expect(parseHostUser((name) => ({ userAttributes: '{not json' })[name as 'userAttributes'])).toEqual({
      verified: null,
      name: null,
      email: null,
      attributes: {},
    });
  });

  it('round-trips through the iframe URL fragment, and says nothing when there is nothing', () => {
    const written: Record<string, string> = {
      userName: '客户 A',
      userEmail: 'a@example.com',
      userAttributes: '{"vip":true,"note":"a & b"}',
      userId: 'crm 42/ä',
      userHash: 'ab'.repeat(32),
    };
    const fragment = new URLSearchParams(hostUserToFragment((name) => written[name]));
    expect(parseHostUser((name) => fragment.get(name))).toEqual({
      verified: { userId: 'crm 42/ä', userHash: 'ab'.repeat(32) },
      name: '客户 A',
      email: 'a@example.com',
      attributes: { vip: true, note: 'a & b' },
    });
    expect(hostUserToFragment(() => undefined)).toBe('');
  });

  it('passes a data-user-id without its hash on (the gateway refuses it), and drops an overlong one', () => {
    expect(parseHostUser((name) => ({ userId: 'u-1' })[name as 'userId']).verified).toEqual({ userId: 'u-1', userHash: '' });
    expect(parseHostUser((name) => ({ userId: 'u'.repeat(201), userHash: 'ab' })[name as 'userId']).verified).toBeNull();
  });

  it('bounds pages as the protocol does (the loader keeps its own copy of the numbers)', () => {
    expect(PAGE_BOUNDS).toEqual({ url: PROFILE_LIMITS.pageUrlMaxLength, title: PROFILE_LIMITS.pageTitleMaxLength });
  });
});
