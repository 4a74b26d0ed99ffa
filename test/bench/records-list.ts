import { listRecords, type OperationContext, type RecordPage } from '@mainline/api';
import { sqlText } from '@mainline/db';
import { measurePair, ms, ratio, row } from './measure.ts';

export const LIST_FILTER = 'status == "open" && amount > 5000';
const listInput = { object: 'deal', filter: LIST_FILTER, sort: [{ field: 'closeDate', direction: 'desc' as const }], pageSize: 50 };

const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The list query written by hand: the same columns in API form (and the account's title by a join), same WHERE, ORDER BY and LIMIT. */
export const handSelect = `SELECT t.id::text AS id, t."owner"::text AS "owner", t."orgUnit"::text AS "orgUnit", ${utc('t."createdAt"')} AS "createdAt",
    t."createdBy"::text AS "createdBy", ${utc('t."updatedAt"')} AS "updatedAt", t."updatedBy"::text AS "updatedBy", t."rowVersion",
    t.name, t.status, t.amount::float8 AS amount, to_char(t."closeDate", 'YYYY-MM-DD') AS "closeDate", ${utc('t."lastContactAt"')} AS "lastContactAt",
    t.probability, t.quantity, t.priority, t."isKey", t.account::text AS account, t.email, t.phone, t.website, t.region, t.notes, t.source,
    t.discount, to_char(t."renewalDate", 'YYYY-MM-DD') AS "renewalDate", t.tags, t.code, a.name AS "accountTitle"
  FROM rec.deal AS t LEFT JOIN rec.account AS a ON a.id = t.account`;
const handWhere = `t."deletedAt" IS NULL AND t.status = $1 AND t.amount > $2`;
const handOrder = `ORDER BY t."closeDate" DESC, t.id LIMIT 51`;

type Row = Record<string, unknown>;

/** The first page of the list, hand-written. */
export function handListPage(database: OperationContext['database']): Promise<Row[]> {
  return database.rows<Row>(sqlText(`${handSelect} WHERE ${handWhere} ${handOrder}`, ['open', 5000]));
}

/** `listRecords` against the same query hand-written in SQL on the same connection pool: first page, with and without the total, and the next page by cursor. */
export async function benchList(ctx: OperationContext): Promise<void> {
  const { database } = ctx;
  const handPage = () => handListPage(database);
  // the operation's total: count(*) over at most 100,001 rows, then the planner's estimate beyond
  const handTotal = async () => {
    const [counted] = await database.rows<{ n: number }>(sqlText(`SELECT count(*)::int AS n FROM (SELECT 1 FROM rec.deal AS t WHERE ${handWhere} LIMIT 100001) AS c`, ['open', 5000]));
    if (counted!.n > 100_000) await database.rows(sqlText(`EXPLAIN (FORMAT JSON) SELECT 1 FROM rec.deal AS t WHERE ${handWhere}`, ['open', 5000]));
  };

  const first = await listRecords(ctx, listInput);
  const hand = await handPage();
  const last = hand[49]!;
  const handNext = () =>
    database.rows<Row>(sqlText(`${handSelect} WHERE ${handWhere} AND (t."closeDate" < $3::date OR (t."closeDate" = $3::date AND t.id > $4::uuid)) ${handOrder}`, ['open', 5000, last.closeDate, last.id]));
  const next = { ...listInput, cursor: first.nextCursor!, withTotal: false };
  checkSame('first page', first, hand);
  checkSame('second page', await listRecords(ctx, next), await handNext());
  console.log(`  list: filter ${LIST_FILTER}, sort -closeDate, page of 50 — total ${first.total?.count.toLocaleString('en')} (${first.total?.exact ? 'exact' : 'estimate'})`);

  const page1 = await measurePair(() => listRecords(ctx, { ...listInput, withTotal: false }), handPage, { runs: 200 });
  row('listRecords, withTotal: false (median of 200)', ms(page1.ours.median), `p95 ${ms(page1.ours.p95)}`);
  row('  hand-written SQL, same page (median of 200)', ms(page1.baseline.median), `ratio ${ratio(page1.ours.median, page1.baseline.median)}  goal ≤ 1.2×`);
  const page2 = await measurePair(() => listRecords(ctx, next), handNext, { runs: 200 });
  row('listRecords, second page by cursor (median of 200)', ms(page2.ours.median), `p95 ${ms(page2.ours.p95)}`);
  row('  hand-written SQL, keyset predicate (median of 200)', ms(page2.baseline.median), `ratio ${ratio(page2.ours.median, page2.baseline.median)}  goal ≤ 1.2×`);
  const total = await measurePair(() => listRecords(ctx, listInput), async () => (await handPage(), await handTotal()), { runs: 40, warmup: 3 });
  row('listRecords with the total (median of 40)', ms(total.ours.median), `p95 ${ms(total.ours.p95)}`);
  row('  hand-written page + capped count + estimate (median of 40)', ms(total.baseline.median), `ratio ${ratio(total.ours.median, total.baseline.median)}  goal ≤ 1.2×`);
}

/** The two sides must return the same records, or the comparison means nothing. */
function checkSame(what: string, page: RecordPage, hand: Row[]): void {
  const ours = page.records.map((r) => `${r.id}:${r.closeDate}:${(r._titles as Record<string, string>).account}`).join();
  const theirs = hand.slice(0, 50).map((r) => `${r.id}:${r.closeDate}:${r.accountTitle}`).join();
  if (ours !== theirs) console.log(`  !! ${what}: listRecords and the hand-written SQL return different records`);
}
