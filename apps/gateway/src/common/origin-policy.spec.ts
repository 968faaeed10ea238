import { createOriginPolicy } from './origin-policy';

describe('origin policy', () => {
  it('by default allows no Origin, the own origin, and localhost outside production', () => {
    const dev = createOriginPolicy({ allowedOrigins: null, nodeEnv: 'development' });
    expect(dev(undefined, 'chat.example.com')).toBe(true);
    expect(dev('https://chat.example.com', 'chat.example.com')).toBe(true);
    expect(dev('http://localhost:5173', 'chat.example.com')).toBe(true);
    expect(dev('http://127.0.0.1:9', undefined)).toBe(true);
    expect(dev('https://evil.example', 'chat.example.com')).toBe(false);
    const prod = createOriginPolicy({ allowedOrigins: null, nodeEnv: 'production' });
    expect(prod('http://localhost:5173', 'chat.example.com')).toBe(false);
    expect(prod('https://chat.example.com', 'chat.example.com')).toBe(true);
  });

  it('with ALLOWED_ORIGINS allows those (or * for any) and still its own origin', () => {
    const listed = createOriginPolicy({ allowedOrigins: ['https://shop.example'], nodeEnv: 'development' });
    expect(listed('https://shop.example', 'chat.example')).toBe(true);
    expect(listed('https://SHOP.example', 'chat.example')).toBe(true);
    expect(listed('https://chat.example', 'chat.example')).toBe(true);
    expect(listed('https://other.example', 'chat.example')).toBe(false);
    expect(listed('http://localhost:5173', 'chat.example')).toBe(false);
    expect(createOriginPolicy({ allowedOrigins: ['*'], nodeEnv: 'production' })('https://any.example', 'x')).toBe(true);
  });
});
