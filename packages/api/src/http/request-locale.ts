export type Locale = 'en' | 'zh-CN';

/**
 * The language of a request's messages: the first of Accept-Language's preferences that Mainline
 * speaks (any `zh*` → Simplified Chinese, any `en*` → English), else the user's own setting.
 */
export function requestLocale(acceptLanguage: string | undefined, userLocale: string | null | undefined): Locale {
  const preferences = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { tag, q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((p) => p.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of preferences) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return userLocale === 'zh-CN' ? 'zh-CN' : 'en';
}
