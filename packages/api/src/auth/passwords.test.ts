import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, passwordProblems, verifyDummyPassword, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('hashes with argon2id and a fresh salt, and verifies', async () => {
    const [a, b] = [await hashPassword('correct horse'), await hashPassword('correct horse')];
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'correct horse')).toBe(true);
    expect(await verifyPassword(a, 'Correct horse')).toBe(false);
  });

  it('treats a malformed hash as a mismatch', async () => {
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
    expect(await verifyDummyPassword('x')).toBe(false);
  });

  it('generates unambiguous one-time passwords that pass the policy', () => {
    const password = generatePassword();
    expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
    expect(passwordProblems(password, '/p', { username: 'admin' })).toEqual([]);
    expect(generatePassword()).not.toBe(password);
  });

  it('reports what is wrong with a new password at its pointer', () => {
    const codes = (password: string, current?: string) => passwordProblems(password, '/newPassword', { username: 'Ana.Lee-long', current }).map((p) => `${p.pointer} ${p.code}`);
    expect(codes('short')).toEqual(['/newPassword auth.password.too-short']);
    expect(codes('x'.repeat(257))).toEqual(['/newPassword auth.password.too-long']);
    expect(codes('ana.lee-LONG')).toEqual(['/newPassword auth.password.is-username']);
    expect(codes('same password', 'same password')).toEqual(['/newPassword auth.password.unchanged']);
    expect(codes('a fine password')).toEqual([]);
  });
});
