import type { LocalizedText } from '@mainline/model';

/** A description from a label: the English text with the Chinese in parentheses, as the record schemas have it. */
export function labelDescription(text: LocalizedText): string {
  return text['zh-CN'] ? `${text.en} (${text['zh-CN']})` : text.en;
}
