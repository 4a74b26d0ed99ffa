import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, startOfUtcDay } from './dates.ts';

const d = (iso: string) => new Date(iso);

describe('date helpers', () => {
  it('startOfUtcDay truncates to UTC midnight, also before 1970', () => {
    expect(startOfUtcDay(d('2024-03-05T23:59:59.999Z'))).toEqual(d('2024-03-05T00:00:00Z'));
    expect(startOfUtcDay(d('1969-12-31T12:00:00Z'))).toEqual(d('1969-12-31T00:00:00Z'));
  });

  it('addDays adds 24 hour days', () => {
    expect(addDays(d('2024-03-30T10:00:00Z'), 3)).toEqual(d('2024-04-02T10:00:00Z'));
    expect(addDays(d('2024-03-01T10:00:00Z'), -1)).toEqual(d('2024-02-29T10:00:00Z'));
  });

  it('addMonths clamps to the end of the month and keeps the time', () => {
    expect(addMonths(d('2024-01-31T10:00:00Z'), 1)).toEqual(d('2024-02-29T10:00:00Z'));
    expect(addMonths(d('2023-01-31T10:00:00Z'), 1)).toEqual(d('2023-02-28T10:00:00Z'));
    expect(addMonths(d('2024-03-31T00:00:00Z'), -13)).toEqual(d('2023-02-28T00:00:00Z'));
    expect(addMonths(d('2024-12-15T08:30:00Z'), 1)).toEqual(d('2025-01-15T08:30:00Z'));
  });

  it('daysBetween counts UTC calendar days', () => {
    expect(daysBetween(d('2024-03-30T23:00:00Z'), d('2024-03-31T01:00:00Z'))).toBe(1);
    expect(daysBetween(d('2024-03-31T01:00:00Z'), d('2024-03-30T23:00:00Z'))).toBe(-1);
    expect(daysBetween(d('2024-01-01T00:00:00Z'), d('2024-12-31T23:59:59Z'))).toBe(365);
  });
});
