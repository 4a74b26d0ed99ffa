/** The PostgreSQL error behind a (drizzle-wrapped) query error: its message and SQLSTATE. */
export function dbError(error: unknown): { message: string; code: string | undefined } {
  const cause = (error as { cause?: unknown }).cause;
  const source = cause instanceof Error ? cause : error;
  const { code, detail } = source as { code?: unknown; detail?: unknown };
  const message = source instanceof Error ? source.message : String(source);
  return { message: typeof detail === 'string' && detail ? `${message}: ${detail}` : message, code: typeof code === 'string' ? code : undefined };
}
