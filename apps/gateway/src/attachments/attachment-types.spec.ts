import { resolveType } from './attachment-types';

const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);

describe('resolveType', () => {
  it('accepts the allow-list, resolving generic types by extension', () => {
    expect(resolveType('image/png', 'a.png', PNG_HEAD)).toBe('image/png');
    expect(resolveType('application/octet-stream', 'report.docx', Buffer.from('PK'))).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(resolveType('text/plain; charset=utf-8', 'notes.txt', Buffer.from('hi'))).toBe('text/plain');
  });

  it('refuses other types and images whose bytes are not images', () => {
    expect(resolveType('image/svg+xml', 'a.svg', Buffer.from('<svg/>'))).toBeNull();
    expect(resolveType('text/html', 'a.html', Buffer.from('<p>'))).toBeNull();
    expect(resolveType('application/octet-stream', 'run.exe', Buffer.from('MZ'))).toBeNull();
    expect(resolveType('image/png', 'a.png', Buffer.from('<script>'))).toBeNull();
  });
});
