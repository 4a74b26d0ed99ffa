import type { FastifyInstance } from 'fastify';
import { explainAccess, type ExplainAccessInput } from '../../operations/access/explain-access.ts';
import { operationContext } from '../operation-context.ts';
import { explainAccessQuery } from '../schemas/access-schemas.ts';
import type { RestOptions } from './rest-options.ts';

/** Business-role access, explained (admins and analysts; the operation checks). */
export async function accessRoutes(app: FastifyInstance, { database }: RestOptions): Promise<void> {
  app.get<{ Querystring: ExplainAccessInput }>('/access/explain', { schema: { querystring: explainAccessQuery } }, async (request) =>
    explainAccess(operationContext(request, database), request.query),
  );
}
