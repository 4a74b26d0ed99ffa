import type { FastifyInstance } from 'fastify';
import { openApiForCaller } from '../../operations/config/openapi-for-caller.ts';
import { operationContext } from '../operation-context.ts';
import type { RestOptions } from './rest-options.ts';

/** GET /api/v1/openapi.json: the OpenAPI 3.1 document of the records API in the caller's configuration version. */
export async function openApiRoutes(app: FastifyInstance, { database }: RestOptions): Promise<void> {
  app.get('/openapi.json', async (request, reply) => {
    const document = await openApiForCaller(operationContext(request, database));
    // Private: the document follows the caller's version, which depends on their org unit.
    return reply.header('cache-control', 'private, no-cache').send(document);
  });
}
