import { compileExpr, type ExprEnv, type ExprUser } from '@mainline/expr';
import type { FormulaField } from '@mainline/model';
import type { RecordTarget } from './record-target.ts';

/**
 * Formula fields are stored columns, recomputed from the record's own values on every write of
 * the record (and when a rollup they read changes). A formula that cannot be evaluated (division
 * by zero, a missing value) is stored as null. Formulas referencing other records are not supported.
 */
export function computeFormulas(target: RecordTarget, env: ExprEnv, record: Record<string, unknown>, user: ExprUser, now: Date): Record<string, unknown> {
  const formulas = target.object.fields.filter((f): f is FormulaField => f.type === 'formula');
  const out: Record<string, unknown> = {};
  if (formulas.length === 0) return out;
  const current = { ...record };
  // Formulas may read formulas: repeat until nothing changes (the validator refuses cycles).
  for (let pass = 0; pass <= formulas.length; pass++) {
    let changed = false;
    for (const formula of formulas) {
      const value = evaluateFormula(formula, env, current, user, now);
      if (pass === 0 || !sameValue(current[formula.id], value)) {
        changed ||= !sameValue(current[formula.id], value);
        current[formula.id] = value;
        out[formula.id] = value;
      }
    }
    if (!changed) break;
  }
  return out;
}

function evaluateFormula(formula: FormulaField, env: ExprEnv, record: Record<string, unknown>, user: ExprUser, now: Date): unknown {
  let result: unknown;
  try {
    result = compileExpr(env, formula.expression).evaluate({ record, user, now });
  } catch {
    return null;
  }
  return toApiForm(result, formula);
}

function toApiForm(result: unknown, formula: FormulaField): unknown {
  if (result === null || result === undefined) return null;
  switch (formula.resultType) {
    case 'number':
    case 'percent':
    case 'currency': {
      const n = typeof result === 'bigint' ? Number(result) : result;
      if (typeof n !== 'number' || !Number.isFinite(n)) return null;
      const scale = formula.scale ?? (formula.resultType === 'currency' ? 2 : undefined);
      return scale === undefined ? n : Number(n.toFixed(scale));
    }
    case 'date':
      return result instanceof Date && !Number.isNaN(result.getTime()) ? result.toISOString().slice(0, 10) : null;
    case 'datetime':
      return result instanceof Date && !Number.isNaN(result.getTime()) ? result.toISOString() : null;
    case 'boolean':
      return typeof result === 'boolean' ? result : null;
    case 'text':
      return typeof result === 'string' ? result : String(result);
  }
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) return a == null && b == null;
  return JSON.stringify(a) === JSON.stringify(b);
}
