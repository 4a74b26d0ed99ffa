import { OperationError } from '../../../errors.ts';

const DAY_MS = 86_400_000;

/** 422 `retention.invalid` at /days unless `days` is a whole number of days, at least 1; else the age in milliseconds. */
export function retentionMs(days: unknown): number {
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) {
    throw new OperationError(422, 'retention.invalid', 'The retention must be a whole number of days, at least 1.', [{ pointer: '/days', code: 'retention.invalid', message: 'At least 1 day.' }]);
  }
  return days * DAY_MS;
}
