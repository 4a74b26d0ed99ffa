import type { FastifyInstance } from 'fastify';
import type { PlatformPermission } from '@mainline/db';
import { createUser, type CreateUserInput } from '../../operations/org/create-user.ts';
import { disableUser, enableUser } from '../../operations/org/disable-user.ts';
import { listUsers, type ListUsersInput } from '../../operations/org/list-users.ts';
import { setUserPermissions } from '../../operations/org/set-user-permissions.ts';
import { operationContext } from '../operation-context.ts';
import { createUserBody, listUsersQuery, setPermissionsBody, userIdParams } from '../schemas/admin-user-schemas.ts';
import type { RestOptions } from './rest-options.ts';

type UserParams = { Params: { userId: string } };

/** User administration under /api/v1/admin/users; the operations check the platform permission manageUsers. */
export async function adminUserRoutes(app: FastifyInstance, { database }: RestOptions): Promise<void> {
  app.get<{ Querystring: ListUsersInput }>('/admin/users', { schema: { querystring: listUsersQuery } }, async (request) =>
    listUsers(operationContext(request, database), request.query),
  );

  app.post<{ Body: CreateUserInput }>('/admin/users', { schema: { body: createUserBody } }, async (request, reply) =>
    reply.code(201).send(await createUser(operationContext(request, database), request.body)),
  );

  app.put<UserParams & { Body: { permissions: PlatformPermission[] } }>(
    '/admin/users/:userId/permissions',
    { schema: { params: userIdParams, body: setPermissionsBody } },
    async (request) => setUserPermissions(operationContext(request, database), { userId: request.params.userId, permissions: request.body.permissions }),
  );

  app.post<UserParams>('/admin/users/:userId/disable', { schema: { params: userIdParams } }, async (request) =>
    disableUser(operationContext(request, database), { userId: request.params.userId }),
  );

  app.post<UserParams>('/admin/users/:userId/enable', { schema: { params: userIdParams } }, async (request) =>
    enableUser(operationContext(request, database), { userId: request.params.userId }),
  );
}
