import { compileExpr, type ExprEnv, type ExprUser } from '@mainline/expr';
import type { Field } from '@mainline/model';
import type { RecordTarget } from '../lib/record-target.ts';
import { checkValue } from './check-value.ts';
import { computedTypes } from './check-shape.ts';

/**
 * Defaults of a new record for the fields it was created without: the field's constant `default`,
 * else its `defaultExpression` (CEL) evaluated on the values given. A default that does not fit
 * the field (or fails to evaluate) is left out, so `required` reports the field.
 */
export function defaultValues(target: RecordTarget, env: ExprEnv, given: Record<string, unknown>, user: ExprUser, now: Date): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of target.object.fields) {
    if (computedTypes.has(field.type) || Object.hasOwn(given, field.id)) continue;
    const value = defaultOf(field, env, given, user, now);
    if (value === undefined || value === null) continue;
    const checked = checkValue(field, value, 'en');
    if (checked.ok) out[field.id] = checked.value;
  }
  return out;
}

function defaultOf(field: Field, env: ExprEnv, record: Record<string, unknown>, user: ExprUser, now: Date): unknown {
  if ('default' in field && field.default !== undefined) return field.default;
  if (field.defaultExpression === undefined) return undefined;
  try {
    const value = compileExpr(env, field.defaultExpression).evaluate({ record, user, now });
    if (value instanceof Date) return field.type === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
    return typeof value === 'bigint' ? Number(value) : value;
  } catch {
    return undefined;
  }
}
