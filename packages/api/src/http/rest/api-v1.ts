import type { FastifyInstance } from 'fastify';
import { authenticateHook } from '../authenticate.ts';
import { sendProblem } from '../error-handler.ts';
import { problemDocument } from '../problem.ts';
import { accessRoutes } from './access-routes.ts';
import { adminUserRoutes } from './admin-user-routes.ts';
import { authRoutes } from './auth-routes.ts';
import { configPublishRoutes } from './config-publish-routes.ts';
import { configPurgeRoutes } from './config-purge-routes.ts';
import { configRolloutRoutes } from './config-rollout-routes.ts';
import { configVersionRoutes } from './config-version-routes.ts';
import { currentConfigRoutes } from './current-config-routes.ts';
import { healthRoutes } from './health-routes.ts';
import { openApiRoutes } from './openapi-routes.ts';
import { orgImportRoutes } from './org-import-routes.ts';
import { orgUnitRoutes } from './org-unit-routes.ts';
import { processRoutes } from './process-routes.ts';
import { recordImportRoutes } from './record-import-routes.ts';
import { recordsRoutes } from './records-routes.ts';
import { roleAssignmentRoutes } from './role-assignment-routes.ts';
import { tokenRoutes } from './token-routes.ts';
import type { RestOptions } from './rest-options.ts';

/**
 * The REST API for integrators, registered with prefix /api/v1. Every route is authenticated
 * unless it says otherwise, and so is the not-found answer: an anonymous caller learns nothing
 * about which routes exist (401), a signed-in one gets 404.
 */
export async function apiV1(app: FastifyInstance, { database, cookies }: RestOptions): Promise<void> {
  const options: RestOptions = { database, cookies }; // not the prefix: children would add it again
  const authenticate = authenticateHook(database);
  app.addHook('onRequest', authenticate);
  await app.register(healthRoutes, options);
  await app.register(authRoutes, options);
  await app.register(tokenRoutes, options);
  await app.register(adminUserRoutes, options);
  await app.register(currentConfigRoutes, options);
  await app.register(configPublishRoutes, options);
  await app.register(configVersionRoutes, options);
  await app.register(configRolloutRoutes, options);
  await app.register(configPurgeRoutes, options);
  await app.register(orgUnitRoutes, options);
  await app.register(orgImportRoutes, options);
  await app.register(roleAssignmentRoutes, options);
  await app.register(accessRoutes, options);
  await app.register(recordImportRoutes, options);
  await app.register(recordsRoutes, options);
  await app.register(processRoutes, options);
  await app.register(openApiRoutes, options);
  app.setNotFoundHandler(async (request, reply) => {
    if (request.authentication === null) await authenticate(request);
    return sendProblem(reply, problemDocument(404, 'http.not-found', `There is no ${request.method} ${request.url.split('?')[0]}.`));
  });
}
