import type { FastifyInstance } from 'fastify';
import { createOrgUnit, type CreateOrgUnitInput } from '../../operations/org/create-org-unit.ts';
import { listOrgUnits, type ListOrgUnitsInput } from '../../operations/org/list-org-units.ts';
import { retireOrgUnit } from '../../operations/org/retire-org-unit.ts';
import { updateOrgUnit, type UpdateOrgUnitInput } from '../../operations/org/update-org-unit.ts';
import { operationContext } from '../operation-context.ts';
import { createOrgUnitBody, listOrgUnitsQuery, unitIdParams, updateOrgUnitBody } from '../schemas/org-schemas.ts';
import type { RestOptions } from './rest-options.ts';

type UnitParams = { Params: Pick<UpdateOrgUnitInput, 'unitId'> };

/** The org tree under /api/v1/org/units: any signed-in caller reads it; writes need manageUsers (checked by the operations). */
export async function orgUnitRoutes(app: FastifyInstance, { database }: RestOptions): Promise<void> {
  app.get<{ Querystring: ListOrgUnitsInput }>('/org/units', { schema: { querystring: listOrgUnitsQuery } }, async (request) => ({
    units: await listOrgUnits(operationContext(request, database), request.query),
  }));

  app.post<{ Body: CreateOrgUnitInput }>('/org/units', { schema: { body: createOrgUnitBody } }, async (request, reply) =>
    reply.code(201).send(await createOrgUnit(operationContext(request, database), request.body)),
  );

  app.patch<UnitParams & { Body: Omit<UpdateOrgUnitInput, 'unitId'> }>('/org/units/:unitId', { schema: { params: unitIdParams, body: updateOrgUnitBody } }, async (request) =>
    updateOrgUnit(operationContext(request, database), { ...request.body, ...request.params }),
  );

  app.post<UnitParams>('/org/units/:unitId/retire', { schema: { params: unitIdParams } }, async (request) =>
    retireOrgUnit(operationContext(request, database), request.params),
  );
}
