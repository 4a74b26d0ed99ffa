import type { Field } from '@mainline/model';

/** What values a field accepts beyond its column type: the options of a choice, the shape of an e-mail address. */
export type ValueRule = { kind: 'options'; options: string[]; multi: boolean } | { kind: 'pattern'; format: 'email' | 'phone' | 'url'; pattern: string };

/** Loose on purpose: the application validates exactly; this only finds values that are clearly not of the kind. */
const patterns = {
  email: String.raw`^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$`,
  phone: '^[+0-9 ()-]{3,40}$',
  url: '^https?://[^[:space:]]+$',
} as const;

export function valueRuleOf(field: Field): ValueRule | null {
  switch (field.type) {
    case 'choice':
    case 'multiChoice':
      return { kind: 'options', options: field.options.map((o) => o.value), multi: field.type === 'multiChoice' };
    case 'email':
    case 'phone':
    case 'url':
      return { kind: 'pattern', format: field.type, pattern: patterns[field.type] };
    default:
      return null;
  }
}

/** Whether `next` may refuse values `previous` accepted (so existing rows must be checked). */
export function ruleNarrows(previous: Field | undefined, next: Field): boolean {
  const rule = valueRuleOf(next);
  if (!rule) return false;
  if (!previous || previous.type !== next.type) return true;
  if (rule.kind === 'options') {
    const kept = new Set(rule.options);
    const before = valueRuleOf(previous);
    return before?.kind === 'options' && before.options.some((value) => !kept.has(value));
  }
  return false;
}
