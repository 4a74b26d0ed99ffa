import type { AccessRule } from './types.ts';

/** The record columns the scopes look at. */
export interface ScopedRecord {
  owner?: unknown;
  orgUnit?: unknown;
}

/** Whether `record` is inside the rule's scope for `userId` (the condition is checked apart). */
export function inScope(rule: AccessRule, record: ScopedRecord, userId: string): boolean {
  switch (rule.scope) {
    case 'all':
      return true;
    case 'own':
      return typeof record.owner === 'string' && record.owner === userId;
    case 'unit':
      return typeof record.orgUnit === 'string' && record.orgUnit === rule.orgUnitId;
    case 'unitAndBelow':
      return typeof record.orgUnit === 'string' && (rule.subtree?.has(record.orgUnit) ?? false);
  }
}

/** Each rule and whether it allows `record`: in scope and, when it has one, its condition holds. */
export interface RuleOutcome {
  rule: AccessRule;
  inScope: boolean;
  /** null when the rule has no condition or the record is out of scope (not evaluated). */
  condition: boolean | null;
  allows: boolean;
}

/**
 * How every rule decides about `record` — the in-memory twin of rulesSql, used to check writes
 * (the record as it is and as it would become) and to explain a decision.
 */
export function judgeRules(rules: readonly AccessRule[], record: ScopedRecord, userId: string, condition: (source: string) => boolean): RuleOutcome[] {
  return rules.map((rule) => {
    const scoped = inScope(rule, record, userId);
    const holds = scoped && rule.condition !== undefined ? condition(rule.condition) : null;
    return { rule, inScope: scoped, condition: holds, allows: scoped && holds !== false };
  });
}

/** Whether any rule allows `record`. */
export function allows(rules: readonly AccessRule[], record: ScopedRecord, userId: string, condition: (source: string) => boolean): boolean {
  return rules.some((rule) => inScope(rule, record, userId) && (rule.condition === undefined || condition(rule.condition)));
}
