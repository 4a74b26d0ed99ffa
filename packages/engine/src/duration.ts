import { addMonths } from '@mainline/expr';
import type { Duration } from '@mainline/model';

const PATTERN = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Adds an ISO 8601 duration (`P3D`, `PT4H`, `P1DT12H`, `P2W`, `P1M`) to a time, in UTC: years
 * and months are calendar months with the day clamped to the end of a shorter month (Jan 31 +
 * P1M = Feb 28/29, like `addMonths` in expressions), weeks and days are 7 and 1 × 24 hours.
 * Throws a RangeError for text that is not a duration (the schema guarantees the form).
 */
export function addDuration(from: Date, duration: Duration): Date {
  const m = PATTERN.exec(duration);
  if (!m) throw new RangeError(`not an ISO 8601 duration: ${JSON.stringify(duration)}`);
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  const months = n(1) * 12 + n(2);
  const base = months === 0 ? from : addMonths(from, months);
  return new Date(base.getTime() + n(3) * 7 * DAY + n(4) * DAY + n(5) * HOUR + n(6) * MINUTE + n(7) * SECOND);
}

