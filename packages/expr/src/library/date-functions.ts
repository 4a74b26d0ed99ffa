import { currentNow } from '../eval/eval-state.ts';
import { addDays, addMonths, daysBetween, startOfUtcDay } from './dates.ts';
import type { LibraryFunction } from './library-function.ts';

export const DATE_FUNCTIONS: LibraryFunction[] = [
  {
    name: 'today',
    description: 'Start of the current day (00:00 UTC), taken from `now`.',
    params: [],
    sql: true,
    overloads: [{ signature: 'today(): timestamp', handler: () => startOfUtcDay(currentNow()) }],
  },
  {
    name: 'daysBetween',
    description: 'Calendar days (UTC) from the first to the second date; negative when the second is earlier.',
    params: ['from', 'to'],
    sql: true,
    overloads: [
      {
        signature: 'daysBetween(timestamp, timestamp): int',
        handler: (a: Date, b: Date) => BigInt(daysBetween(a, b)),
      },
    ],
  },
  {
    name: 'addDays',
    description: 'The date plus a number of days (negative to go back).',
    params: ['date', 'days'],
    sql: true,
    overloads: [{ signature: 'addDays(timestamp, int): timestamp', handler: (d: Date, n: bigint) => addDays(d, Number(n)) }],
  },
  {
    name: 'addMonths',
    description: 'The date plus a number of months; the 31st becomes the last day of a shorter month.',
    params: ['date', 'months'],
    sql: true,
    overloads: [
      { signature: 'addMonths(timestamp, int): timestamp', handler: (d: Date, n: bigint) => addMonths(d, Number(n)) },
    ],
  },
];
