import { cliActor, configInForce, OperationError, type OperationContext } from '@mainline/api';
import { VersionRegistry, type Database } from '@mainline/db';
import { userIdOrUsername } from './org-directory.ts';

/**
 * The context of one user, for commands that show what that user would see (their inbox): the
 * user's id, platform permissions, unit and language, and the configuration version their unit
 * works in (a pilot's, else the whole organisation's) — as a server builds it for their requests,
 * so the operation applies their business roles, not the command line's unlimited access. For
 * reading only: nothing written through it may pass for the user's own doing.
 */
export async function withUserContext<T>(database: Database, user: string, work: (ctx: OperationContext) => Promise<T>): Promise<T> {
  const id = await userIdOrUsername({ database, actor: cliActor() }, user);
  const row = await database.db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, id) });
  if (!row) throw new OperationError(404, 'org.user.unknown', `There is no user "${user}".`);
  const registry = await VersionRegistry.open(database, { listen: false, pollIntervalMs: 0 });
  try {
    const locale = row.locale === 'zh-CN' ? 'zh-CN' : 'en';
    return await work({
      database,
      // as over a session of theirs: the operations treat the command line ('cli') as unlimited
      actor: { userId: row.id, username: row.username, permissions: row.permissions, via: 'session', orgUnitId: row.orgUnitId, locale: row.locale },
      config: configInForce(registry, row.orgUnitId),
      locale,
    });
  } finally {
    await registry.close();
  }
}
