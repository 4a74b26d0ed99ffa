import { createHash } from 'node:crypto';

/** PostgreSQL schema of the record tables. */
export const RECORD_SCHEMA = 'rec';

/** PostgreSQL truncates identifiers longer than this (NAMEDATALEN − 1). */
export const MAX_IDENTIFIER_LENGTH = 63;

/** Quotes an identifier; every identifier in generated SQL goes through here. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"rec"."lead"` */
export function recordTableSql(table: string): string {
  return `${quoteIdent(RECORD_SCHEMA)}.${quoteIdent(table)}`;
}

/** `rec.lead` → `"rec"."lead"`, `public.users` → `"public"."users"`. */
export function qualifiedSql(qualified: string): string {
  const dot = qualified.indexOf('.');
  return `${quoteIdent(qualified.slice(0, dot))}.${quoteIdent(qualified.slice(dot + 1))}`;
}

export function shortHash(text: string, length = 8): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** A readable name ending in a hash of `identity`: deterministic, at most 63 characters, distinct for distinct identities. */
export function hashedName(readable: string, identity: string): string {
  const suffix = `_${shortHash(identity)}`;
  return `${readable.slice(0, MAX_IDENTIFIER_LENGTH - suffix.length)}${suffix}`;
}

/** `base` if it is free, else `base_2`, `base_3`, … (shortened to stay within 63 characters). */
export function freshName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base.slice(0, MAX_IDENTIFIER_LENGTH);
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = `${base.slice(0, MAX_IDENTIFIER_LENGTH - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
