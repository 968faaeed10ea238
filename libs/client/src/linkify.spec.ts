import { linkify } from './linkify';

describe('linkify', () => {
  it('splits text around http and https links', () => {
    expect(linkify('see https://acme.example/help, or http://acme.example/a?b=1#c.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://acme.example/help', href: 'https://acme.example/help' },
      { kind: 'text', text: ', or ' },
      { kind: 'link', text: 'http://acme.example/a?b=1#c', href: 'http://acme.example/a?b=1#c' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('keeps a closing bracket that belongs to the link and drops one that does not', () => {
    expect(linkify('https://en.wikipedia.org/wiki/Acme_(company)')[0]).toMatchObject({
      kind: 'link',
      text: 'https://en.wikipedia.org/wiki/Acme_(company)',
    });
    expect(linkify('(https://acme.example)')).toEqual([
      { kind: 'text', text: '(' },
      { kind: 'link', text: 'https://acme.example', href: 'https://acme.example/' },
      { kind: 'text', text: ')' },
    ]);
  });

  it('never turns other schemes into links', () => {
    for (const text of [
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'ftp://files.example/x',
      'www.acme.example',
    ]) {
      expect(linkify(text)).toEqual([{ kind: 'text', text }]);
    }
  });

  it('ends a link at CJK punctuation', () => {
    expect(linkify('请看https://example.com/order/123，谢谢！')).toEqual([
      { kind: 'text', text: '请看' },
      { kind: 'link', text: 'https://example.com/order/123', href: 'https://example.com/order/123' },
      { kind: 'text', text: '，谢谢！' },
    ]);
    expect(linkify('请访问www.example.cn。网址：https://example.com/a、https://example.com/b')).toEqual([
      { kind: 'text', text: '请访问' },
      { kind: 'link', text: 'www.example.cn', href: 'http://www.example.cn/' },
      { kind: 'text', text: '。网址：' },
      { kind: 'link', text: 'https://example.com/a', href: 'https://example.com/a' },
      { kind: 'text', text: '、' },
      { kind: 'link', text: 'https://example.com/b', href: 'https://example.com/b' },
    ]);
  });

  it('finds www. addresses and e-mail addresses, but not every word with a dot', () => {
    expect(linkify('try www.example.com/help or write to help@example.com!')).toEqual([
      { kind: 'text', text: 'try ' },
      { kind: 'link', text: 'www.example.com/help', href: 'http://www.example.com/help' },
      { kind: 'text', text: ' or write to ' },
      { kind: 'link', text: 'help@example.com', href: 'mailto:help@example.com' },
      { kind: 'text', text: '!' },
    ]);
    expect(linkify('see example.com or node.js')).toEqual([
      { kind: 'text', text: 'see example.com or node.js' },
    ]);
  });

  it('leaves markup as text around a link', () => {
    expect(linkify('<img src=x onerror=alert(1)> see https://example.com/help.')).toEqual([
      { kind: 'text', text: '<img src=x onerror=alert(1)> see ' },
      { kind: 'link', text: 'https://example.com/help', href: 'https://example.com/help' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('returns nothing for an empty string', () => {
    expect(linkify('')).toEqual([]);
  });
});
