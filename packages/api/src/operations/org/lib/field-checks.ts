/** A problem with one value, before it is placed at a JSON pointer or a CSV row and column. */
export interface FieldIssue {
  code: string;
  message: string;
}

export const userLocales = ['en', 'zh-CN'] as const;
export type UserLocale = (typeof userLocales)[number];

const codePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const usernamePattern = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;
// Deliberately loose: a plausible shape catches typos; only sending mail proves an address.
const emailPattern = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const maxNameLength = 200;

const issue = (code: string, message: string): FieldIssue => ({ code, message });

export function checkUnitCode(code: string): FieldIssue | undefined {
  if (code === '') return issue('org.unit.code-required', 'An org unit needs a code.');
  if (!codePattern.test(code)) return issue('org.unit.invalid-code', `"${code}" is not a valid code: letters, digits, "_", "." and "-", starting with a letter or digit, at most 64 characters.`);
  return undefined;
}

export function checkUnitName(name: string | undefined, locale: UserLocale): FieldIssue | undefined {
  if (locale === 'en' && (name ?? '').trim() === '') return issue('org.unit.name-required', 'An org unit needs an English name.');
  if ((name ?? '').length > maxNameLength) return issue('org.unit.name-too-long', `A name has at most ${maxNameLength} characters.`);
  return undefined;
}

export function checkUsername(username: string): FieldIssue | undefined {
  if (username === '') return issue('org.user.username-required', 'A user needs a username.');
  if (!usernamePattern.test(username)) return issue('org.user.invalid-username', `"${username}" is not a valid username: letters, digits, "_", ".", "@" and "-", starting with a letter or digit, at most 64 characters.`);
  return undefined;
}

export function checkDisplayName(displayName: string): FieldIssue | undefined {
  if (displayName.trim() === '') return issue('org.user.display-name-required', 'A user needs a display name.');
  if (displayName.length > maxNameLength) return issue('org.user.display-name-too-long', `A display name has at most ${maxNameLength} characters.`);
  return undefined;
}

export function checkEmail(email: string): FieldIssue | undefined {
  if (email.length > 254 || !emailPattern.test(email)) return issue('org.user.invalid-email', `"${email}" is not an email address.`);
  return undefined;
}

export function checkLocale(locale: string): FieldIssue | undefined {
  if (!(userLocales as readonly string[]).includes(locale)) return issue('org.user.invalid-locale', `"${locale}" is not a supported locale: ${userLocales.join(', ')}.`);
  return undefined;
}
