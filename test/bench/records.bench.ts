import { configInForce } from '@mainline/api';
import { VersionRegistry } from '@mainline/db';
import { benchCreate } from './records-create.ts';
import { benchHttp } from './records-http.ts';
import { benchList } from './records-list.ts';
import { seedRecords } from './records-seed.ts';
import { withDatabase } from './throwaway-database.ts';

/** Issue 4 on PostgreSQL: records list through the operations and HTTP, and create throughput, on 1,000,000 records. */
export async function benchRecords(url: string): Promise<void> {
  console.log('\nRecords — list, HTTP, create (PostgreSQL, 1,000,000 rows)');
  await withDatabase(url, async (database) => {
    const seeded = await seedRecords(database);
    const registry = await VersionRegistry.open(database);
    try {
      const ctx = { database, actor: seeded.actor, config: configInForce(registry, seeded.orgUnitId) };
      await benchList(ctx);
      await benchHttp(database, registry, seeded.token);
      await benchCreate(ctx, seeded.accountIds);
    } finally {
      await registry.close();
    }
  });
}
