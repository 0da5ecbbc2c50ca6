import { describe, expect, it } from 'vitest';
import { isPasswordHash, PasswordHasher } from './passwords';

// Cheap parameters keep the suite fast; the format and comparison are the same at any cost.
const hasher = new PasswordHasher({ logN: 10, r: 8, p: 1 });

describe('PasswordHasher', () => {
  it('verifies the password it hashed and nothing else', async () => {
    const encoded = await hasher.hash('trader1-demo');
    expect(await hasher.verify('trader1-demo', encoded)).toBe(true);
    expect(await hasher.verify('trader1-Demo', encoded)).toBe(false);
    expect(await hasher.verify('', encoded)).toBe(false);
  });

  it('stores its parameters and a fresh salt in each hash', async () => {
    const first = await hasher.hash('same');
    const second = await hasher.hash('same');
    expect(first).toMatch(/^scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('same');
  });

  it('verifies with the parameters stored in the hash, not its own', async () => {
    const stronger = await new PasswordHasher({ logN: 11, r: 8, p: 2 }).hash('pw');
    expect(stronger).toContain('$ln=11,r=8,p=2$');
    expect(await hasher.verify('pw', stronger)).toBe(true);
  });

  it('answers false for an unknown user or a damaged hash', async () => {
    expect(await hasher.verify('anything', undefined)).toBe(false);
    expect(await hasher.verify('anything', 'plain-text-password')).toBe(false);
    expect(await hasher.verify('anything', 'scrypt$ln=30,r=8,p=1$AAAA$AAAA')).toBe(false);
  });

  it('treats canonically equal Unicode spellings as the same password', async () => {
    const encoded = await hasher.hash('caf\u00e9');
    expect(await hasher.verify('cafe\u0301', encoded)).toBe(true);
  });

  it('handles many verifications at once through its small pool', async () => {
    const encoded = await hasher.hash('pw');
    const results = await Promise.all(Array.from({ length: 9 }, (_, i) => hasher.verify(i % 3 === 0 ? 'pw' : 'no', encoded)));
    expect(results).toEqual([true, false, false, true, false, false, true, false, false]);
  });

  it('recognises its own format', async () => {
    expect(isPasswordHash(await hasher.hash('x'))).toBe(true);
    expect(isPasswordHash('x')).toBe(false);
  });
});
