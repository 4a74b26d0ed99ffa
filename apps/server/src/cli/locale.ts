export type CliLocale = 'en' | 'zh-CN';

/** The CLI's message language: `--lang`, else the environment's LANG (zh* → Simplified Chinese). */
export function cliLocale(flag?: string): CliLocale {
  const lang = flag ?? process.env.MAINLINE_LANG ?? process.env.LANG ?? '';
  return lang.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
