import { sql } from 'drizzle-orm';
import type { Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { table } from '../../records/lib/record-rows.ts';
import type { HandoverObject, HandoverPlan } from './handover-plan.ts';

export interface HandedOverRecords {
  total: number;
  /** Records moved (on a dry run: that would move) per object, in the order handed over. */
  byObject: Record<string, number>;
}

/**
 * The records step of a handover, in its transaction: per object one statement — a count on a dry
 * run, else one `UPDATE … RETURNING` of every matching record that feeds one `INSERT … SELECT` of
 * their audit entries (`record.transfer`, owner and unit before and after). Set-based: nothing is
 * read into memory, whatever the number of records.
 */
export async function handOverRecords(ctx: OperationContext, tx: Db, plan: HandoverPlan): Promise<HandedOverRecords> {
  const byObject: Record<string, number> = {};
  let total = 0;
  for (const object of plan.objects) {
    const n = plan.dryRun ? await countRecords(ctx, tx, object) : await moveRecords(ctx, tx, plan, object);
    byObject[object.target.object.id] = n;
    total += n;
  }
  return { total, byObject };
}

async function countRecords(ctx: OperationContext, tx: Db, { target, where }: HandoverObject): Promise<number> {
  const [row] = await ctx.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${table(target)} AS t WHERE ${where}`, tx);
  return row!.n;
}

async function moveRecords(ctx: OperationContext, tx: Db, plan: HandoverPlan, { target, where }: HandoverObject): Promise<number> {
  const details = JSON.stringify({ by: ctx.actor.username, via: ctx.actor.via, handover: plan.id });
  const now = new Date().toISOString();
  const ownerChange = sql`jsonb_build_object('owner', jsonb_build_object('before', ${plan.from}::text, 'after', ${plan.to}::text))`;
  const unitChange = sql`CASE WHEN m.before_unit IS DISTINCT FROM m.after_unit THEN jsonb_build_object('orgUnit', jsonb_build_object('before', m.before_unit::text, 'after', m.after_unit::text)) ELSE '{}'::jsonb END`;
  const [row] = await ctx.database.rows<{ n: number }>(
    sql`WITH old AS (
          SELECT t."id", t."orgUnit" FROM ${table(target)} AS t WHERE ${where} FOR UPDATE
        ), moved AS (
          UPDATE ${table(target)} AS t
             SET "owner" = ${plan.to}::uuid, "orgUnit" = coalesce(${plan.orgUnit}::uuid, t."orgUnit"), "updatedAt" = ${now}::timestamptz, "updatedBy" = ${ctx.actor.userId}::uuid, "rowVersion" = t."rowVersion" + 1
            FROM old WHERE t."id" = old."id"
          RETURNING t."id", old."orgUnit" AS before_unit, t."orgUnit" AS after_unit
        ), audited AS (
          INSERT INTO audit_log (actor_id, action, object_id, record_id, version_id, changes, details)
          SELECT ${ctx.actor.userId}::uuid, 'record.transfer', ${target.object.id}, m."id", ${plan.version.id}::int, ${ownerChange} || ${unitChange}, ${details}::jsonb
            FROM moved AS m
          RETURNING 1
        )
        SELECT count(*)::int AS n FROM audited`,
    tx,
  );
  return row!.n;
}
