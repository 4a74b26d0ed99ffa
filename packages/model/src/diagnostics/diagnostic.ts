import type { Diagnostic } from '../generated/config.ts';

export type { Diagnostic };
export type DiagnosticSeverity = Diagnostic['severity'];

/** Builds a diagnostic; `en` and `zh` are the English and Simplified Chinese messages. */
export function diagnostic(
  code: string,
  path: string,
  en: string,
  zh: string,
  severity: DiagnosticSeverity = 'error',
  range?: Diagnostic['range'],
): Diagnostic {
  return range ? { severity, code, path, message: { en, 'zh-CN': zh }, range } : { severity, code, path, message: { en, 'zh-CN': zh } };
}

/** Escapes one reference token of a JSON pointer (RFC 6901). */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...tokens: (string | number)[]): string {
  return tokens.map((t) => `/${pointerToken(t)}`).join('');
}
