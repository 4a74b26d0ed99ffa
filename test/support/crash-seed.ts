import { assignRole, cliActor, configInForce, createApiToken, createOrgUnit, createRecord, createUser, generatePassword, publish, type OperationContext } from '@mainline/api';
import { VersionRegistry, type Database } from '@mainline/db';
import { CRASH_CLERK, CRASH_ROLE, crashPackage } from './crash-package.ts';

export interface CrashWorld {
  /** The clerk's API token: every REST call of the driver carries it. */
  token: string;
}

/**
 * Publishes the crash package, adds the clerk (holding the claim role in hq) with an API token,
 * and creates `instances` claims through `createRecord` (16 callers), each starting its process in
 * its own transaction — the instances are as real as the ones a server starts.
 */
export async function seedCrashWorld(database: Database, hookUrl: string, instances: number): Promise<CrashWorld> {
  const cli: OperationContext = { database, actor: cliActor('crash-test') };
  await publish(cli, { package: crashPackage(hookUrl), message: 'crash test' });
  const unit = await createOrgUnit(cli, { code: 'hq', name: { en: 'HQ', 'zh-CN': '总部' } });
  const clerk = await createUser(cli, { username: CRASH_CLERK, displayName: 'Clerk', orgUnitId: unit.id, password: generatePassword(), mustChangePassword: false });
  await assignRole(cli, { userId: clerk.id, roleId: CRASH_ROLE, orgUnitId: unit.id });
  const { token } = await createApiToken(cli, { name: 'crash test driver', userId: clerk.id });

  const registry = await VersionRegistry.open(database);
  try {
    const ctx: OperationContext = { database, actor: { userId: clerk.id, username: CRASH_CLERK, permissions: [], via: 'token', orgUnitId: unit.id }, config: configInForce(registry, unit.id) };
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < instances) {
          const i = next++;
          await createRecord(ctx, { object: 'claim', values: { name: `Claim ${i}`, stage: 'new', steps: 0 } });
        }
      }),
    );
    return { token };
  } finally {
    await registry.close();
  }
}
