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

  it('returns nothing for an empty string', () => {
    expect(linkify('')).toEqual([]);
  });
});
