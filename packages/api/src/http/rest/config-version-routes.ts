import type { FastifyInstance } from 'fastify';
import { diffVersions } from '../../operations/config/diff-versions.ts';
import { getVersion, type GetVersionInput } from '../../operations/config/get-version.ts';
import { listVersions } from '../../operations/config/list-versions.ts';
import { operationContext } from '../operation-context.ts';
import { diffVersionsParams, versionIdParams } from '../schemas/config-schemas.ts';
import type { RestOptions } from './rest-options.ts';

/** Published versions under /api/v1/config/versions, to read; the operations need editDrafts or publish. */
export async function configVersionRoutes(app: FastifyInstance, { database }: RestOptions): Promise<void> {
  app.get('/config/versions', async (request) => listVersions(operationContext(request, database)));

  app.get<{ Params: GetVersionInput }>('/config/versions/:versionId', { schema: { params: versionIdParams } }, async (request) =>
    getVersion(operationContext(request, database), request.params),
  );

  // What version `versionId` changed: against the version it was planned on, or against `base`.
  app.get<{ Params: GetVersionInput }>('/config/versions/:versionId/diff', { schema: { params: versionIdParams } }, async (request) =>
    diffVersions(operationContext(request, database), { to: request.params.versionId }),
  );

  app.get<{ Params: GetVersionInput & { base: number } }>('/config/versions/:versionId/diff/:base', { schema: { params: diffVersionsParams } }, async (request) =>
    diffVersions(operationContext(request, database), { from: request.params.base, to: request.params.versionId }),
  );
}
