const DAY_MS = 86_400_000;

export function startOfUtcDay(d: Date): Date {
  return new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);
}

/** Adds whole days of 24 hours (UTC, no daylight saving). */
export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

/** Adds calendar months in UTC; the day is clamped to the end of a shorter month (Jan 31 + 1 = Feb 28/29), like PostgreSQL. */
export function addMonths(d: Date, months: number): Date {
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = new Date(d.getTime());
  result.setUTCFullYear(year, month, Math.min(d.getUTCDate(), lastDay));
  return result;
}

/** Calendar days from `from` to `to` in UTC (signed): the date of `to` minus the date of `from`. */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor(to.getTime() / DAY_MS) - Math.floor(from.getTime() / DAY_MS);
}
