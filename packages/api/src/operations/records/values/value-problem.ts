import type { Problem } from '../../../errors.ts';

export type Locale = 'en' | 'zh-CN';

/** A problem with one written value, at `/values/<fieldId>`, its message in the caller's locale. */
export function valueProblem(fieldId: string, code: string, locale: Locale, en: string, zh: string): Problem {
  return { pointer: `/values/${fieldId}`, code, message: locale === 'zh-CN' ? zh : en };
}
