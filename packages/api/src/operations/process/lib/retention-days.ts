import { OperationError } from '../../../errors.ts';

const DAY_MS = 86_400_000;

/** Every retention is a whole number of days, at least 1. */
export function isRetentionDays(days: unknown): days is number {
  return typeof days === 'number' && Number.isInteger(days) && days >= 1;
}

/** 422 `retention.invalid` at /days unless `days` is a whole number of days, at least 1; else the age in milliseconds. */
export function retentionMs(days: unknown): number {
  if (!isRetentionDays(days)) {
    throw new OperationError(422, 'retention.invalid', 'The retention must be a whole number of days, at least 1.', [{ pointer: '/days', code: 'retention.invalid', message: 'At least 1 day.' }]);
  }
  return days * DAY_MS;
}

/** A retention setting of the environment: `fallback` when unset; a value that is not a whole number of days, at least 1, stops the server (rather than keep or purge unnoticed). */
export function retentionDaysFromEnv<T extends number | null>(env: NodeJS.ProcessEnv, name: string, fallback: T): number | T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const days = Number(raw);
  if (!isRetentionDays(days)) throw new Error(`${name} must be a whole number of days, at least 1 (it is "${raw}")`);
  return days;
}
