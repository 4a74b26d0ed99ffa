import type { FastifyInstance } from 'fastify';
import { currentConfig } from '../../operations/config/current-config.ts';
import { operationContext } from '../operation-context.ts';
import type { RestOptions } from './rest-options.ts';

/** GET /api/v1/config/current: the configuration version the caller works in. */
export async function currentConfigRoutes(app: FastifyInstance, { database }: RestOptions): Promise<void> {
  app.get('/config/current', async (request) => currentConfig(operationContext(request, database)));
}
