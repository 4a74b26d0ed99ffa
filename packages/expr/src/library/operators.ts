import type { Environment } from '@marcbachmann/cel-js';

const TS = 'google.protobuf.Timestamp';

/** number == bigint compares the mathematical values. */
const sameNumber = (a: number | bigint, b: number | bigint): boolean => a == b;

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
};

/**
 * Operators cel-js lacks: analysts write `amount > 10000` and `amount * 2` with a double field,
 * and compare any field with null.
 */
export function registerOperators(env: Environment): void {
  for (const [op, fn] of Object.entries(ARITHMETIC)) {
    env.registerOperator(`double ${op} int: double`, (a: number, b: bigint) => fn(a, Number(b)));
    env.registerOperator(`int ${op} double: double`, (a: bigint, b: number) => fn(Number(a), b));
  }
  // '==' registrations also give '!=' and the mirrored operand order.
  env.registerOperator('double == int', sameNumber);
  env.registerOperator('double in list<int>', (a: number, l: bigint[]) => l.some((x) => sameNumber(x, a)));
  env.registerOperator('int in list<double>', (a: bigint, l: number[]) => l.some((x) => sameNumber(x, a)));
  for (const t of ['string', 'int', 'double', 'bool', TS, 'list<string>', 'list<int>', 'list<double>']) {
    env.registerOperator(`${t} == null`, (a: unknown, b: unknown) => a === b);
  }
}
