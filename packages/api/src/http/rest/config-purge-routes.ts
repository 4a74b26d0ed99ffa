import type { FastifyInstance } from 'fastify';
import { purge, type PurgeInput } from '../../operations/config/purge.ts';
import { operationContext } from '../operation-context.ts';
import { purgeBody } from '../schemas/config-schemas.ts';
import type { RestOptions } from './rest-options.ts';

/**
 * POST /api/v1/config/purge: drops the data of a retired object or field. Without `confirm: true`
 * the answer is 409 config.purge.confirmation-required with the preview in `preview`. Needs publish.
 */
export async function configPurgeRoutes(app: FastifyInstance, { database }: RestOptions): Promise<void> {
  app.post<{ Body: PurgeInput }>('/config/purge', { schema: { body: purgeBody } }, async (request) => purge(operationContext(request, database), request.body));
}
