import type { FastifyInstance } from 'fastify';
import { planPublish, type PlanPublishInput } from '../../operations/config/plan-publish.ts';
import { publish, type PublishInput } from '../../operations/config/publish.ts';
import { operationContext } from '../operation-context.ts';
import { planPublishBody, publishBody } from '../schemas/config-schemas.ts';
import { packageBodyLimit } from './body-limits.ts';
import type { RestOptions } from './rest-options.ts';

/** Plan and publish under /api/v1/config; the operations check the platform permission publish. */
export async function configPublishRoutes(app: FastifyInstance, { database }: RestOptions): Promise<void> {
  app.post<{ Body: PlanPublishInput }>('/config/plan', { schema: { body: planPublishBody }, bodyLimit: packageBodyLimit }, async (request) =>
    planPublish(operationContext(request, database), request.body),
  );

  // 201 with the new version's Location; 200 when the package is identical to the newest version and nothing was published.
  app.post<{ Body: PublishInput }>('/config/versions', { schema: { body: publishBody }, bodyLimit: packageBodyLimit }, async (request, reply) => {
    const result = await publish(operationContext(request, database), request.body);
    if (!result.applied) return result;
    return reply.code(201).header('location', `${request.url.split('?')[0]}/${result.versionId}`).send(result);
  });
}
