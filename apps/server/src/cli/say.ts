import type { CliLocale } from './locale.ts';

/** A message of the CLI itself in the caller's language. */
export function say(locale: CliLocale, en: string, zh: string): string {
  return locale === 'zh-CN' ? zh : en;
}
