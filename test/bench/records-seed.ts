import { assignRole, cliActor, createApiToken, createOrgUnit, createUser, generatePassword, publish, type Actor } from '@mainline/api';
import { sqlText, type Database } from '@mainline/db';
import type { ConfigPackage } from '@mainline/model';
import { ms, row } from './measure.ts';
import { BENCH_ROLE, recordsBenchPackage } from './records-package.ts';

export const DEAL_COUNT = 1_000_000;
const ACCOUNT_COUNT = 1_000;

export interface SeedOptions {
  /** Default: the records bench package. */
  package?: ConfigPackage;
  /** Creates more org units under the bench unit `hq`; the deals are spread over the ids it returns (default: all in hq). */
  dealUnits?: (hq: string) => Promise<string[]>;
}

export interface SeededRecords {
  /** A signed-in user of unit hq, as the operations see them. */
  actor: Actor;
  orgUnitId: string;
  /** An API token of that user, for the HTTP benchmark. */
  token: string;
  accountIds: string[];
}

/**
 * Publishes the records bench package through the `publish` operation (indexes from `indexed`
 * fields and the list view's sort), adds a user with an API token, then seeds 1,000 accounts and
 * 1,000,000 deals with INSERT … SELECT generate_series — setup, timed apart.
 */
export async function seedRecords(database: Database, options: SeedOptions = {}): Promise<SeededRecords> {
  const cli = { database, actor: cliActor('bench') };
  let start = performance.now();
  await publish(cli, { package: options.package ?? recordsBenchPackage(), message: 'records benchmark' });
  row('  (setup: publish 2 objects, 20 fields, list view with a sort)', ms(performance.now() - start));

  const unit = await createOrgUnit(cli, { code: 'hq', name: { en: 'HQ', 'zh-CN': '总部' } });
  const user = await createUser(cli, { username: 'bench', displayName: 'Bench', orgUnitId: unit.id, password: generatePassword(), mustChangePassword: false });
  const { token } = await createApiToken(cli, { name: 'records bench', userId: user.id });
  await assignRole(cli, { userId: user.id, roleId: BENCH_ROLE, orgUnitId: unit.id });

  const dealUnits = options.dealUnits ? await options.dealUnits(unit.id) : [unit.id];
  start = performance.now();
  await database.rows(sqlText(`INSERT INTO rec.account (name, "owner", "orgUnit") SELECT 'Account ' || g, $1::uuid, $2::uuid FROM generate_series(1, ${ACCOUNT_COUNT}) AS g`, [user.id, unit.id]));
  await database.rows(
    sqlText(
      `INSERT INTO rec.deal ("owner", "orgUnit", "createdBy", "updatedBy", name, status, amount, "closeDate", "lastContactAt", probability, quantity,
         priority, "isKey", account, email, phone, website, region, notes, source, discount, "renewalDate", tags, code)
       SELECT $1::uuid, ($2::uuid[])[1 + g % ${dealUnits.length}], $1::uuid, $1::uuid,
         'Deal ' || g,
         (ARRAY['new', 'open', 'won', 'lost', 'stalled'])[1 + g % 5],
         ((g::bigint * 7919) % 2000000) / 100.0,
         date '2020-01-01' + ((g::bigint * 37) % 2557)::int,
         timestamptz '2024-01-01 00:00:00+00' + (g % 100000) * interval '5 minutes',
         (g % 101) / 100.0,
         g % 500,
         (ARRAY['low', 'medium', 'high'])[1 + g % 3],
         g % 10 = 0,
         a.ids[1 + g % ${ACCOUNT_COUNT}],
         'buyer' || g || '@example.com',
         '+1 555 ' || lpad((g % 10000)::text, 4, '0'),
         'https://example.com/deals/' || g,
         (ARRAY['north', 'south', 'east', 'west'])[1 + g % 4],
         'Notes for deal ' || g,
         (ARRAY['web', 'referral', 'event', 'partner'])[1 + (g / 7) % 4],
         g % 30,
         date '2025-01-01' + g % 1000,
         CASE WHEN g % 2 = 0 THEN ARRAY['upsell'] ELSE ARRAY['renewal', 'strategic'] END,
         'D-' || g
       FROM generate_series(1, ${DEAL_COUNT}) AS g, (SELECT array_agg(id ORDER BY id) AS ids FROM rec.account) AS a`,
      [user.id, dealUnits],
    ),
  );
  await database.rows(sqlText('VACUUM ANALYZE rec.account'));
  await database.rows(sqlText('VACUUM ANALYZE rec.deal'));
  row(`  (setup: insert ${DEAL_COUNT.toLocaleString('en')} deals, ${ACCOUNT_COUNT.toLocaleString('en')} accounts, VACUUM ANALYZE)`, ms(performance.now() - start));

  const accounts = await database.rows<{ id: string }>(sqlText('SELECT id::text AS id FROM rec.account ORDER BY id'));
  const actor: Actor = { userId: user.id, username: user.username, permissions: [], via: 'token', orgUnitId: unit.id };
  return { actor, orgUnitId: unit.id, token, accountIds: accounts.map((a) => a.id) };
}
