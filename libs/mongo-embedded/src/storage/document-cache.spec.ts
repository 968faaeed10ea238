import { DocumentCache } from './document-cache';

describe('DocumentCache', () => {
  it('evicts the least recently used document beyond its capacity', () => {
    const cache = new DocumentCache(2);
    cache.remember('a', { _id: 'a' });
    cache.remember('b', { _id: 'b' });
    expect(cache.get('a')).toEqual({ _id: 'a' });
    cache.remember('c', { _id: 'c' });
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual({ _id: 'a' });
    expect(cache.get('c')).toEqual({ _id: 'c' });
  });

  it('never keeps a value read while a write of its key is uncommitted', () => {
    const cache = new DocumentCache();
    cache.remember('a', { v: 1 });
    const firstCommitted = cache.written('a');
    expect(cache.get('a')).toBeUndefined();
    // A reader between the write and its commit still sees v: 1 in LMDB; keeping it would hide v: 2 for good.
    cache.remember('a', { v: 1 });
    expect(cache.get('a')).toBeUndefined();
    const secondCommitted = cache.written('a');
    firstCommitted();
    cache.remember('a', { v: 2 });
    expect(cache.get('a')).toBeUndefined();
    secondCommitted();
    cache.remember('a', { v: 3 });
    expect(cache.get('a')).toEqual({ v: 3 });
  });

  it('keeps nothing while a cleared collection is uncommitted', () => {
    const cache = new DocumentCache();
    cache.remember('a', { v: 1 });
    const committed = cache.cleared();
    expect(cache.size).toBe(0);
    cache.remember('b', { v: 1 });
    expect(cache.get('b')).toBeUndefined();
    committed();
    cache.remember('b', { v: 2 });
    expect(cache.get('b')).toEqual({ v: 2 });
  });

  it('keeps nothing with a capacity of 0', () => {
    const cache = new DocumentCache(0);
    cache.remember('a', { v: 1 });
    expect(cache.get('a')).toBeUndefined();
  });
});
