import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { randomInt } from 'node:crypto';
import type { Problem } from '../errors.ts';

// Algorithm is an ambient const enum, which isolatedModules cannot inline: 2 is Argon2id.
const argon2id = 2 as Algorithm;
// OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane (also the library's default).
const options: Options = { algorithm: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const passwordMinLength = 10;
export const passwordMaxLength = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

/** Whether `password` matches `passwordHash`; false for a malformed hash rather than an exception. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

function dummy(): Promise<string> {
  return (dummyHash ??= hashPassword(`dummy-${randomInt(1e9)}`));
}

/** Computes the throw-away hash ahead, so that the first unknown username is not slower than the rest. */
export async function warmUpPasswordHashing(): Promise<void> {
  await dummy();
}

/**
 * Verifies against a throw-away hash, so that an unknown username costs as much time as a wrong
 * password and response times do not tell which usernames exist.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  await verifyPassword(await dummy(), password);
  return false;
}

// No 0/O, 1/l/I: a one-time password is read off a terminal and typed.
const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password for first sign-in: 20 characters, about 117 bits. */
export function generatePassword(length = 20): string {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** What is wrong with a new password, at `pointer`; empty when it is acceptable. */
export function passwordProblems(password: string, pointer: string, context: { username: string; current?: string }): Problem[] {
  const problem = (code: string, message: string): Problem[] => [{ pointer, code, message }];
  if ([...password].length < passwordMinLength) return problem('auth.password.too-short', `A password needs at least ${passwordMinLength} characters.`);
  if (password.length > passwordMaxLength) return problem('auth.password.too-long', `A password has at most ${passwordMaxLength} characters.`);
  if (password.toLowerCase() === context.username.toLowerCase()) return problem('auth.password.is-username', 'The password must not be the username.');
  if (context.current !== undefined && password === context.current) return problem('auth.password.unchanged', 'The new password must differ from the current one.');
  return [];
}
