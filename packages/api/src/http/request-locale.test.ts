import { describe, expect, it } from 'vitest';
import { requestLocale } from './request-locale.ts';

describe('requestLocale', () => {
  it.each([
    ['zh-CN,zh;q=0.9,en;q=0.8', 'en', 'zh-CN'],
    ['en-US,en;q=0.9', 'zh-CN', 'en'],
    ['fr-FR, zh-TW;q=0.5, en;q=0.4', 'en', 'zh-CN'],
    ['en;q=0.2, zh;q=0.8', 'en', 'zh-CN'],
    ['zh;q=0, en', 'zh-CN', 'en'],
    ['fr', 'zh-CN', 'zh-CN'],
    [undefined, 'zh-CN', 'zh-CN'],
    [undefined, null, 'en'],
    ['*', 'en', 'en'],
  ])('Accept-Language %s with user locale %s → %s', (header, user, expected) => {
    expect(requestLocale(header, user)).toBe(expected);
  });
});
