import { AccessCache, loadHeldRoles } from '@mainline/access';
import { assignRole, cliActor, configInForce, createOrgUnit, createUser, generatePassword, type OperationContext } from '@mainline/api';
import { sqlText, VersionRegistry } from '@mainline/db';
import type { ConfigPackage } from '@mainline/model';
// the operations layer's list query and access glue, not yet behind listRecords (issue 5 wires them in)
import { accessRulesSql } from '../../packages/api/src/operations/records/lib/access-sql.ts';
import { listPage } from '../../packages/api/src/operations/records/lib/list-query.ts';
import { recordTarget } from '../../packages/api/src/operations/records/lib/record-target.ts';
import { measurePair, ms, ratio, row } from './measure.ts';
import { handSelect } from './records-list.ts';
import { recordsBenchPackage } from './records-package.ts';
import { DEAL_COUNT, seedRecords } from './records-seed.ts';
import { withDatabase } from './throwaway-database.ts';

const REGIONS = 10;
const BRANCHES = 19;
const CONDITION = 'amount > 1000.0';
const label = (en: string) => ({ en, 'zh-CN': en });

function accessBenchPackage(): ConfigPackage {
  const pkg = recordsBenchPackage();
  pkg.roles = [
    ...pkg.roles,
    {
      id: 'regional',
      label: label('Regional manager'),
      grants: [
        { object: 'deal', actions: { read: { scope: 'unitAndBelow', condition: CONDITION } } },
        { object: 'account', actions: { read: { scope: 'all' } } },
      ],
    },
  ];
  return pkg;
}

/**
 * Issue 5 on PostgreSQL: 1,000,000 deals over an org tree of 201 units (hq → 10 regions → 19
 * branches each); a user holding `regional` (read, unitAndBelow, `amount > 1000.0`) in one region.
 * Access resolution once cached, and the list (sort, page of 50) with the access condition in the
 * query against the same query hand-written.
 */
export async function benchAccess(url: string): Promise<void> {
  console.log(`\nAccess — rules in the query (PostgreSQL, ${DEAL_COUNT.toLocaleString('en')} rows, ${1 + REGIONS * (1 + BRANCHES)} org units)`);
  await withDatabase(url, async (database) => {
    const cli = { database, actor: cliActor('bench') };
    let region = '';
    await seedRecords(database, {
      package: accessBenchPackage(),
      dealUnits: async (hq) => {
        const ids = [hq];
        for (let r = 0; r < REGIONS; r++) {
          const regionId = (await createOrgUnit(cli, { code: `r${r}`, name: label(`Region ${r}`), parentId: hq })).id;
          if (r === 3) region = regionId;
          ids.push(regionId);
          for (let b = 0; b < BRANCHES; b++) ids.push((await createOrgUnit(cli, { code: `r${r}b${b}`, name: label(`Branch ${r}.${b}`), parentId: regionId })).id);
        }
        return ids;
      },
    });
    const user = await createUser(cli, { username: 'regional', displayName: 'Regional', orgUnitId: region, password: generatePassword(), mustChangePassword: false });
    await assignRole(cli, { userId: user.id, roleId: 'regional', orgUnitId: region });
    const registry = await VersionRegistry.open(database);
    try {
      const ctx: OperationContext = { database, actor: { userId: user.id, username: 'regional', permissions: [], via: 'token', orgUnitId: region }, config: configInForce(registry, region) };
      const version = (await ctx.config!.version())!;
      const target = await recordTarget(ctx, 'deal');
      const cache = new AccessCache((userId: string) => loadHeldRoles(database, userId));

      // resolution: a cache hit per request, against reading the roles and computing access anew
      await cache.accessFor(version, user.id);
      const hits = 20_000;
      const start = performance.now();
      for (let i = 0; i < hits; i++) await cache.accessFor(version, user.id);
      const hit = (performance.now() - start) / hits;
      const cold = await measurePair(
        async () => (cache.invalidate(user.id), cache.accessFor(version, user.id)),
        async () => cache.accessFor(version, user.id),
        { runs: 200 },
      );
      row('access resolution, cached (mean of 20,000)', `${(hit * 1000).toFixed(2)} µs`, 'goal < 0.2 ms');
      row('  uncached: read held roles + compute (median of 200)', ms(cold.ours.median), `p95 ${ms(cold.ours.p95)}`);

      const input = { sort: [{ field: 'closeDate', direction: 'desc' as const }], pageSize: 50, withTotal: false };
      const ours = async () => {
        const access = await cache.accessFor(version, user.id);
        return listPage(ctx, target, input, [accessRulesSql(ctx, target, 't', access.objects.get('deal')!.rules.read)]);
      };
      const [regionPath] = await database.rows<{ path: string }>(sqlText('SELECT path FROM org_units WHERE id = $1', [region]));
      const handText = `${handSelect} WHERE t."deletedAt" IS NULL AND t."orgUnit" IN (SELECT id FROM org_units WHERE path LIKE $1) AND t.amount > 1000
        ORDER BY t."closeDate" DESC, t.id LIMIT 51`;
      const hand = () => database.rows<Record<string, unknown>>(sqlText(handText, [`${regionPath!.path}%`]));
      const [a, b] = [await ours(), await hand()];
      if (a.records.map((r) => r.id).join() !== b.slice(0, 50).map((r) => r.id).join()) console.log('  !! the access list and the hand-written SQL return different records');
      const pair = await measurePair(ours, hand, { runs: 200 });
      row(`list, ${CONDITION} in a region's subtree, sort, page of 50 (median of 200)`, ms(pair.ours.median), `p95 ${ms(pair.ours.p95)}`);
      row('  hand-written SQL, subtree by path (median of 200)', ms(pair.baseline.median), `ratio ${ratio(pair.ours.median, pair.baseline.median)}  goal ≤ 1.2×`);
    } finally {
      await registry.close();
    }
  });
}
