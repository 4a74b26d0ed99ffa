import { openDatabase, previewPublish, publishPackage, sqlText, VersionRegistry } from '@mainline/db';
import type { ConfigPackage } from '@mainline/model';
import { largePackage } from '../fixtures/large-package.ts';
import { ms, row } from './measure.ts';
import { withDatabase } from './throwaway-database.ts';

const label = (en: string) => ({ en, 'zh-CN': en });

function bigObjectPackage(withCode: boolean, revision = 0): ConfigPackage {
  return {
    id: 'bench',
    name: label(`Bench ${revision}`),
    objects: [
      {
        id: 'big',
        label: label('Big'),
        titleField: 'name',
        fields: [
          { id: 'name', type: 'text', label: label('Name') },
          { id: 'amount', type: 'currency', label: label('Amount') },
          ...(withCode ? [{ id: 'code', type: 'text' as const, label: label('Code'), indexed: true }] : []),
        ],
      },
    ],
    roles: [],
    processes: [],
    views: [],
  };
}

/** Issue 3 on PostgreSQL: publishing a 100 × 100 package, an index on a 1,000,000-row table, and how fast a second server sees a new version. */
export async function benchPublish(url: string): Promise<void> {
  console.log('\nPublish — plan, apply, staged rollout (PostgreSQL)');

  await withDatabase(url, async (database) => {
    const pkg = largePackage({ objects: 100, fields: 100, processNodes: 1000 });
    let start = performance.now();
    const { plan } = await previewPublish(database, pkg);
    row('plan + check of 100 × 100 into an empty database', ms(performance.now() - start), `${plan.steps.length} statements`);
    start = performance.now();
    const result = await publishPackage(database, pkg);
    row('publish 100 × 100 (plan, check, apply, one transaction)', ms(performance.now() - start), `goal < 5 s  version ${result.versionId}`);
  });

  await withDatabase(url, async (database) => {
    await publishPackage(database, bigObjectPackage(false));
    let start = performance.now();
    await database.db.execute(sqlText(`INSERT INTO rec.big (name, amount) SELECT 'record ' || g, g / 100.0 FROM generate_series(1, 1000000) AS g`));
    await database.db.execute(sqlText('ANALYZE rec.big'));
    row('  (setup: insert 1,000,000 records)', ms(performance.now() - start));
    start = performance.now();
    const result = await publishPackage(database, bigObjectPackage(true), { indexBuilds: 'background' });
    const inForce = performance.now() - start;
    const builds = (await result.indexBuildsDone) ?? [];
    const built = performance.now() - start;
    row('add one indexed field to 1,000,000 rows: new version in force', ms(inForce), `index pending: ${result.pendingIndexes.length}`);
    row('  index built CONCURRENTLY after the commit', ms(builds.reduce((sum, b) => sum + b.ms, 0)), `in force → index ready ${ms(built - inForce)}`);
  });

  await withDatabase(url, async (database, dbUrl) => {
    const other = await openDatabase({ url: dbUrl, migrate: false, poolSize: 2 });
    const registry = await VersionRegistry.open(other, { pollIntervalMs: 0 });
    const delays: number[] = [];
    for (let i = 0; i < 11; i++) {
      const seen = new Promise<number>((resolve) => {
        const stop = registry.onChange(() => (stop(), resolve(performance.now())));
      });
      await publishPackage(database, bigObjectPackage(i % 2 === 1, i));
      const committed = performance.now();
      delays.push(Math.max(0, (await seen) - committed)); // 0: seen before the publisher even resumed
    }
    await registry.close();
    await other.close();
    delays.sort((a, b) => a - b);
    row('second server (other connection) sees a new version after commit', ms(delays[Math.floor(delays.length / 2)]!), `median of 11, max ${ms(delays.at(-1)!)}`);
  });
}
