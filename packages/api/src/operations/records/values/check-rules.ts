import { compileExpr, type ExprEnv, type ExprUser } from '@mainline/expr';
import type { LocalizedText, ValidationRule } from '@mainline/model';
import type { Problem } from '../../../errors.ts';
import type { RecordTarget } from '../lib/record-target.ts';
import type { Locale } from './value-problem.ts';

/**
 * The CEL validation rules on the record after the change: object rules (pointer `/values`) and
 * field rules (pointer `/values/<field>`; skipped while the field is empty — `required` is for
 * that). A rule that does not give true (false, null, an evaluation error) fails with its message
 * in the caller's locale.
 */
export function checkRules(target: RecordTarget, env: ExprEnv, record: Record<string, unknown>, user: ExprUser, now: Date, locale: Locale): Problem[] {
  const problems: Problem[] = [];
  for (const rule of target.object.validations ?? []) checkRule(problems, env, rule, '/values', record, user, now, locale);
  for (const field of target.object.fields) {
    const value = record[field.id];
    if (value === null || value === undefined) continue;
    for (const rule of field.validations ?? []) checkRule(problems, env, rule, `/values/${field.id}`, record, user, now, locale);
  }
  return problems;
}

/** One rule (module-level, not a closure per call: checkRules runs for every imported row). */
function checkRule(problems: Problem[], env: ExprEnv, rule: ValidationRule, pointer: string, record: Record<string, unknown>, user: ExprUser, now: Date, locale: Locale): void {
  let passed: boolean;
  try {
    passed = compileExpr(env, rule.expression).test({ record, user, now });
  } catch {
    passed = false;
  }
  if (!passed) problems.push({ pointer, code: `records.rule.${rule.id}`, message: localized(rule.message, locale) });
}

export function localized(text: LocalizedText, locale: Locale): string {
  const t = text as unknown as Record<string, string | undefined>;
  return t[locale] ?? t.en ?? Object.values(t)[0] ?? '';
}
