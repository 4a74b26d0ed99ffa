import { randomUUID } from 'node:crypto';
import { createRecord, type OperationContext } from '@mainline/api';
import { sqlText } from '@mainline/db';
import { perSecond, ratio, row } from './measure.ts';
import { dealValues } from './records-package.ts';

/** A plain parameterised INSERT of the same values as createRecord writes (no validation, no audit). */
const plainInsert = `INSERT INTO rec.deal (id, "owner", "orgUnit", "createdBy", "updatedBy", "createdAt", "updatedAt", name, status, amount, "closeDate",
    "lastContactAt", probability, quantity, priority, "isKey", account, email, phone, website, region, notes, source, discount, "renewalDate", tags, code)
  VALUES ($1::uuid, $2::uuid, $3::uuid, $2::uuid, $2::uuid, $4::timestamptz, $4::timestamptz, $5::text, $6::text, $7::numeric, $8::date,
    $9::timestamptz, $10::float8, $11::float8, $12::text, $13::boolean, $14::uuid, $15::text, $16::text, $17::text, $18::text, $19::text, $20::text,
    $21::float8, $22::date, $23::text[], $24::text)`;

/** createRecord (validation, defaults, audit, one transaction) against plain INSERTs, sequential and with 8 workers. */
export async function benchCreate(ctx: OperationContext, accountIds: readonly string[]): Promise<void> {
  let n = 0;
  const values = () => dealValues(n, accountIds[n++ % accountIds.length]!);
  const ours = () => createRecord(ctx, { object: 'deal', values: values() });
  const plain = () => {
    const v = values();
    const params = [randomUUID(), ctx.actor.userId, ctx.actor.orgUnitId ?? null, new Date().toISOString(), ...Object.values(v)];
    return ctx.database.rows(sqlText(plainInsert, params));
  };
  for (const workers of [1, 8]) {
    const { ours: o, baseline: b } = await throughputPair(ours, plain, workers);
    const how = workers === 1 ? 'sequential' : `${workers} concurrent workers`;
    row(`createRecord, ${how}: records/s`, perSecond(o), 'goal ≥ 1,000/s');
    row(`  plain INSERT of the same values, ${how}`, perSecond(b), `createRecord at ${ratio(o, b)} of it`);
  }
}

/**
 * Calls per second of `ours` and `baseline`, each run by `workers` concurrent loops, in alternating
 * slices (10 × 0.5 s each) so that both see the same machine load.
 */
async function throughputPair(ours: () => Promise<unknown>, baseline: () => Promise<unknown>, workers: number, slices = 10, sliceMs = 500) {
  const totals = { ours: { calls: 0, ms: 0 }, baseline: { calls: 0, ms: 0 } };
  for (let s = 0; s < slices * 2; s++) {
    const which = (s % 4 === 0 || s % 4 === 3) ? 'ours' : 'baseline'; // ours, base, base, ours, …
    const fn = which === 'ours' ? ours : baseline;
    const start = performance.now();
    const end = start + sliceMs;
    let calls = 0;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (performance.now() < end) {
          await fn();
          calls++;
        }
      }),
    );
    totals[which].calls += calls;
    totals[which].ms += performance.now() - start;
  }
  return { ours: totals.ours.calls / (totals.ours.ms / 1000), baseline: totals.baseline.calls / (totals.baseline.ms / 1000) };
}
