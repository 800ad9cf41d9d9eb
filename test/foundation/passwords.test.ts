import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword, generatePassword, OWASP_SCRYPT } from '../../src/auth/passwords.ts';

describe('password hashing', () => {
  it('uses the OWASP scrypt parameters by default and verifies', async () => {
    const h = await hashPassword('mật khẩu dài và an toàn');
    expect(h.startsWith(`scrypt$${2 ** 17}$8$1$`)).toBe(true);
    expect(OWASP_SCRYPT).toEqual({ N: 131072, r: 8, p: 1 });
    expect(await verifyPassword('mật khẩu dài và an toàn', h)).toBe(true);
    // The same password typed in NFD (macOS) still verifies.
    expect(await verifyPassword('mật khẩu dài và an toàn'.normalize('NFD'), h)).toBe(true);
    expect(await verifyPassword('mat khau dai va an toan', h)).toBe(false);
  });

  it('salts every hash', async () => {
    const p = { N: 1024, r: 8, p: 1 };
    expect(await hashPassword('x', p)).not.toBe(await hashPassword('x', p));
  });

  it('rejects malformed stored hashes instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$abc$8$1$salt$hash')).toBe(false);
    expect(await verifyPassword('x', `scrypt$${2 ** 30}$8$1$c2FsdA$aGFzaA`)).toBe(false);
  });

  it('generates readable strong passwords', () => {
    const p = generatePassword();
    expect(p).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(generatePassword()).not.toBe(p);
  });
});
