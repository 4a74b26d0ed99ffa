import type { FastifyInstance } from 'fastify';
import { assignRole, type AssignRoleInput } from '../../operations/org/assign-role.ts';
import { unassignRole } from '../../operations/org/unassign-role.ts';
import { operationContext } from '../operation-context.ts';
import { assignmentIdParams, assignRoleBody } from '../schemas/org-schemas.ts';
import type { RestOptions } from './rest-options.ts';

/**
 * Roles held in org units (role@unit) under /api/v1/org/role-assignments; the operations check
 * manageUsers. Role ids are those of the configuration versions in force.
 */
export async function roleAssignmentRoutes(app: FastifyInstance, { database }: RestOptions): Promise<void> {
  // 201 for a new assignment; 200 when the user already held the role there (nothing changed).
  app.post<{ Body: AssignRoleInput }>('/org/role-assignments', { schema: { body: assignRoleBody } }, async (request, reply) => {
    const result = await assignRole(operationContext(request, database), request.body);
    return reply.code(result.created ? 201 : 200).send(result);
  });

  // Retires the assignment (it stays in the table, with retiredAt); retiring it again changes nothing.
  app.delete<{ Params: { assignmentId: string } }>('/org/role-assignments/:assignmentId', { schema: { params: assignmentIdParams } }, async (request) =>
    unassignRole(operationContext(request, database), request.params),
  );
}
