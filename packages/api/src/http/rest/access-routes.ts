import type { FastifyInstance } from 'fastify';
import { explainAccess, type ExplainAccessInput } from '../../operations/access/explain-access.ts';
import { handOverWork, type HandOverWorkInput } from '../../operations/access/hand-over-work.ts';
import { operationContext } from '../operation-context.ts';
import { explainAccessQuery, handOverWorkBody } from '../schemas/access-schemas.ts';
import type { RestOptions } from './rest-options.ts';

/** Business-role access: explained (admins and analysts), and the handover of one user's records to another (the transfer grant). The operations check. */
export async function accessRoutes(app: FastifyInstance, { database }: RestOptions): Promise<void> {
  app.get<{ Querystring: ExplainAccessInput }>('/access/explain', { schema: { querystring: explainAccessQuery } }, async (request) =>
    explainAccess(operationContext(request, database), request.query),
  );

  app.post<{ Body: HandOverWorkInput }>('/access/handover', { schema: { body: handOverWorkBody } }, async (request) => handOverWork(operationContext(request, database), request.body));
}
