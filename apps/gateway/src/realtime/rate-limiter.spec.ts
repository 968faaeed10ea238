import { TokenBucket } from './rate-limiter';

describe('TokenBucket', () => {
  it('allows a burst, then the sustained rate', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 20, () => now);
    const burst = Array.from({ length: 25 }, () => bucket.take());
    expect(burst.filter(Boolean)).toHaveLength(20);
    now += 500; // half a second refills five
    expect(Array.from({ length: 8 }, () => bucket.take()).filter(Boolean)).toHaveLength(5);
    expect(bucket.full()).toBe(false);
    now += 60_000; // never more than the burst
    expect(bucket.full()).toBe(true);
    expect(Array.from({ length: 30 }, () => bucket.take()).filter(Boolean)).toHaveLength(20);
  });
});
