import type { LibraryFunction } from './library-function.ts';

/** Rounds half away from zero, like PostgreSQL's round(numeric, int); exact on the decimal digits. */
export function roundTo(x: number, digits: number): number {
  const abs = Math.abs(x);
  if (!Number.isFinite(x) || abs >= 1e15) return x;
  const d = Math.max(-15, Math.min(15, Math.trunc(digits)));
  const text = String(abs);
  let r: number;
  if (text.includes('e')) {
    const f = 10 ** d;
    r = Math.round(abs * f) / f;
  } else {
    r = Number(`${Math.round(Number(`${text}e${d}`))}e${-d}`);
  }
  return r === 0 ? 0 : Math.sign(x) * r;
}

const minOf = <T extends number | bigint>(a: T, b: T): T => (b < a ? b : a);
const maxOf = <T extends number | bigint>(a: T, b: T): T => (b > a ? b : a);

function pairs(name: string, pick: (a: number, b: number) => number, pickInt: (a: bigint, b: bigint) => bigint) {
  return [
    { signature: `${name}(double, double): double`, handler: pick },
    { signature: `${name}(int, int): int`, handler: pickInt },
    { signature: `${name}(double, int): double`, handler: (a: number, b: bigint) => pick(a, Number(b)) },
    { signature: `${name}(int, double): double`, handler: (a: bigint, b: number) => pick(Number(a), b) },
  ];
}

export const NUMBER_FUNCTIONS: LibraryFunction[] = [
  {
    name: 'round',
    description: 'The number rounded to the given decimals (half away from zero).',
    params: ['number', 'decimals'],
    overloads: [
      { signature: 'round(double, int): double', handler: (x: number, d: bigint) => roundTo(x, Number(d)) },
      { signature: 'round(double): double', handler: (x: number) => roundTo(x, 0) },
    ],
  },
  {
    name: 'abs',
    description: 'The absolute value of the number.',
    params: ['number'],
    overloads: [
      { signature: 'abs(double): double', handler: Math.abs },
      { signature: 'abs(int): int', handler: (x: bigint) => (x < 0n ? -x : x) },
    ],
  },
  { name: 'min', description: 'The smaller of two numbers.', params: ['a', 'b'], overloads: pairs('min', minOf, minOf) },
  { name: 'max', description: 'The larger of two numbers.', params: ['a', 'b'], overloads: pairs('max', maxOf, maxOf) },
];
