import { compileExpr } from '@mainline/expr';
import type { Run } from './run.ts';

export type Evaluated<T> = { ok: true; value: T } | { ok: false; message: string };

/** Evaluates an expression on a record (the run's record unless given); a failure is returned, never thrown. */
export function evaluate(run: Run, source: string, what: string, record: Record<string, unknown> = run.record): Evaluated<unknown> {
  try {
    return { ok: true, value: compileExpr(run.env.expr, source).evaluate({ record, user: run.env.user, now: run.env.now }) };
  } catch (error) {
    return { ok: false, message: `${what} (${source}) failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** A condition: true only when it evaluates to `true` (null and false do not hold). */
export function holds(run: Run, source: string, what: string): Evaluated<boolean> {
  try {
    return { ok: true, value: compileExpr(run.env.expr, source).test({ record: run.record, user: run.env.user, now: run.env.now }) };
  } catch (error) {
    return { ok: false, message: `${what} (${source}) failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** A timestamp expression: a Date, null when it gave no time, or a failure when it gave something else. */
export function evaluateTime(run: Run, source: string, what: string): Evaluated<Date | null> {
  const result = evaluate(run, source, what);
  if (!result.ok) return result;
  const { value } = result;
  if (value === null) return { ok: true, value: null };
  const date = typeof value === 'string' ? new Date(value) : value;
  if (date instanceof Date && !Number.isNaN(date.getTime())) return { ok: true, value: date };
  return { ok: false, message: `${what} (${source}) did not give a time` };
}
