import type { FastifyInstance } from 'fastify';
import { extendRollout, type ExtendRolloutInput } from '../../operations/config/extend-rollout.ts';
import { promoteRollout } from '../../operations/config/promote-rollout.ts';
import { rollback, type RollbackInput } from '../../operations/config/rollback.ts';
import { operationContext } from '../operation-context.ts';
import { extendRolloutBody, versionIdParams } from '../schemas/config-schemas.ts';
import { dryRunQuery } from '../schemas/schema-parts.ts';
import type { RestOptions } from './rest-options.ts';

type VersionParams = { Params: Pick<ExtendRolloutInput, 'versionId'> };
type DryRun = { Querystring: RollbackInput };

/** Staged rollout under /api/v1/config: extend, promote, roll back; `?dryRun=true` only plans. The operations check publish. */
export async function configRolloutRoutes(app: FastifyInstance, { database }: RestOptions): Promise<void> {
  app.post<VersionParams & DryRun & { Body: Pick<ExtendRolloutInput, 'units'> }>(
    '/config/versions/:versionId/rollout',
    { schema: { params: versionIdParams, querystring: dryRunQuery, body: extendRolloutBody } },
    async (request) => extendRollout(operationContext(request, database), { ...request.params, ...request.body, ...request.query }),
  );

  app.post<VersionParams & DryRun>('/config/versions/:versionId/promote', { schema: { params: versionIdParams, querystring: dryRunQuery } }, async (request) =>
    promoteRollout(operationContext(request, database), { ...request.params, ...request.query }),
  );

  app.post<DryRun>('/config/rollback', { schema: { querystring: dryRunQuery } }, async (request) => rollback(operationContext(request, database), request.query));
}
