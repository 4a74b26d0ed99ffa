import { sql } from 'drizzle-orm';
import type { Db } from '@mainline/db';
import type { AutoNumberField } from '@mainline/model';
import type { OperationContext } from '../../../context.ts';

/**
 * The next number of an auto-number field, in the caller's transaction: the counter row stays
 * locked until it commits, so concurrent creates queue and a rolled-back create gives its number
 * back — gap-free per object and field.
 */
export async function nextAutoNumber(ctx: OperationContext, tx: Db, objectId: string, field: AutoNumberField, now: Date): Promise<string> {
  const start = field.start ?? 1;
  // one statement: the first number creates the counter (at start + 1), later ones move it on
  const [row] = await ctx.database.rows<{ n: number | string }>(
    sql`INSERT INTO record_counters (object_id, field_id, next) VALUES (${objectId}, ${field.id}, ${start}::bigint + 1)
      ON CONFLICT (object_id, field_id) DO UPDATE SET next = record_counters.next + 1 RETURNING next - 1 AS n`,
    tx,
  );
  return formatAutoNumber(field.format, Number(row!.n), now);
}

/** `Q-{YYYY}-{00000}` with 42 in 2025 → `Q-2025-00042`; numbers longer than the padding keep all their digits. */
export function formatAutoNumber(format: string, n: number, now: Date): string {
  return format.replace(/\{YYYY\}/g, String(now.getUTCFullYear())).replace(/\{(0+)\}/g, (_, zeros: string) => String(n).padStart(zeros.length, '0'));
}

/**
 * `count` consecutive numbers of an auto-number field at once (an import batch): one counter
 * update, the same lock and gap-free rule as nextAutoNumber.
 */
export async function reserveAutoNumbers(ctx: OperationContext, tx: Db, objectId: string, field: AutoNumberField, count: number, now: Date): Promise<string[]> {
  if (count === 0) return [];
  const start = field.start ?? 1;
  await tx.execute(sql`INSERT INTO record_counters (object_id, field_id, next) VALUES (${objectId}, ${field.id}, ${start}) ON CONFLICT DO NOTHING`);
  const [row] = await ctx.database.rows<{ n: number | string }>(
    sql`UPDATE record_counters SET next = next + ${count}::bigint WHERE object_id = ${objectId} AND field_id = ${field.id} RETURNING next - ${count}::bigint AS n`,
    tx,
  );
  const first = Number(row!.n);
  return Array.from({ length: count }, (_, i) => formatAutoNumber(field.format, first + i, now));
}
