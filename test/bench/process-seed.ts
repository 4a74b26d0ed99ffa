import { assignRole, cliActor, configInForce, createOrgUnit, createUser, generatePassword, publish, type OperationContext } from '@mainline/api';
import { VersionRegistry, type Database } from '@mainline/db';
import { ms, row } from './measure.ts';
import { PROCESS_BENCH_ROLE, processBenchPackage } from './process-package.ts';

export const BENCH_USERS = 8;

export interface ProcessBench {
  database: Database;
  registry: VersionRegistry;
  /** One context per bench user (signed in with a token, holding the case worker role in hq). */
  users: OperationContext[];
  /** The context of the user with this id. */
  as: (userId: string) => OperationContext;
}

/** Publishes the process bench package and adds BENCH_USERS case workers in one unit. */
export async function seedProcessBench(database: Database): Promise<ProcessBench> {
  const cli = { database, actor: cliActor('bench') };
  const start = performance.now();
  await publish(cli, { package: processBenchPackage(), message: 'process benchmark' });
  const unit = await createOrgUnit(cli, { code: 'hq', name: { en: 'HQ', 'zh-CN': '总部' } });
  const registry = await VersionRegistry.open(database);
  const users: OperationContext[] = [];
  for (let i = 0; i < BENCH_USERS; i++) {
    const username = `worker${i}`;
    const user = await createUser(cli, { username, displayName: `Worker ${i}`, orgUnitId: unit.id, password: generatePassword(), mustChangePassword: false });
    await assignRole(cli, { userId: user.id, roleId: PROCESS_BENCH_ROLE, orgUnitId: unit.id });
    users.push({ database, actor: { userId: user.id, username, permissions: [], via: 'token', orgUnitId: unit.id }, config: configInForce(registry, unit.id) });
  }
  const byId = new Map(users.map((u) => [u.actor.userId!, u]));
  row('  (setup: publish 3 objects and 3 processes, 8 users)', ms(performance.now() - start));
  return { database, registry, users, as: (userId) => byId.get(userId)! };
}
