import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openTestDatabase, quoteIdent, recordTableSql, users, type TestDatabase } from '@mainline/db';
import type { ConfigPackage } from '@mainline/model';
import { loadTemplate } from '@mainline/templates';
import { cliActor, type Actor, type OperationContext } from '../../context.ts';
import { publish } from '../config/publish.ts';
import { grantFullAccess, withFullAccessRole } from '../../testing/access-fixtures.ts';
import { versionInForce } from './lib/version-in-force.ts';
import { targetIn, type RecordTarget } from './lib/record-target.ts';

/** A test database with the complex-sales template published, and direct inserts into its record tables. */
export interface ReadFixture {
  database: TestDatabase;
  /** The command line. */
  ctx: OperationContext;
  /** A signed-in user (`userCtx.actor.userId`). */
  userCtx: OperationContext;
  target(objectId: string): Promise<RecordTarget>;
  /** Inserts rows (field ids or system column names → values) and returns their ids in order. */
  insert(objectId: string, rows: Record<string, unknown>[]): Promise<string[]>;
}

/** `modify` changes the template before it is published. */
export async function openReadFixture(modify: (pkg: ConfigPackage) => void = () => {}): Promise<ReadFixture> {
  const database = await openTestDatabase();
  const ctx: OperationContext = { database, actor: cliActor('test') };
  const pkg = structuredClone(loadTemplate('complex-sales')) as ConfigPackage;
  modify(pkg);
  await publish(ctx, { package: withFullAccessRole(pkg), message: 'complex sales' });
  // a signed-in user who may do everything with records (access itself is tested in access tests)
  const [user] = await database.db.insert(users).values({ username: 'rep', displayName: 'Rep' }).returning({ id: users.id });
  await grantFullAccess(database, user!.id);
  const actor: Actor = { userId: user!.id, username: 'rep', permissions: [], via: 'session' };
  const userCtx: OperationContext = { database, actor };
  const target = async (objectId: string) => targetIn(await versionInForce(ctx), objectId);
  return {
    database,
    ctx,
    userCtx,
    target,
    async insert(objectId, rows) {
      const t = await target(objectId);
      const ids: string[] = [];
      for (let start = 0; start < rows.length; start += 200) {
        const chunk = rows.slice(start, start + 200).map((r): Record<string, unknown> => ({ id: randomUUID(), ...r }));
        const names = [...new Set(chunk.flatMap((r) => Object.keys(r)))];
        const columns = names.map((n) => {
          const mapped = t.mapped.fields[n];
          const type = mapped?.type ?? (['createdAt', 'updatedAt', 'deletedAt'].includes(n) ? 'timestamptz' : n === 'rowVersion' ? 'integer' : 'uuid');
          return { column: mapped?.column ?? n, type };
        });
        const values = chunk.map((r) => sql`(${sql.join(names.map((n, i) => sql`${sql.param(r[n] ?? null)}::${sql.raw(columns[i]!.type)}`), sql`, `)})`);
        await database.rows(sql`insert into ${sql.raw(recordTableSql(t.mapped.table))} (${sql.raw(columns.map((c) => quoteIdent(c.column)).join(', '))}) values ${sql.join(values, sql`, `)}`);
        ids.push(...chunk.map((r) => r.id as string));
      }
      return ids;
    },
  };
}
