import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { problemDocument } from '../problem.ts';
import { sendProblem } from '../error-handler.ts';
import type { RestOptions } from './rest-options.ts';

/** GET /api/v1/health: public; 200 when the database answers, else 503. */
export async function healthRoutes(app: FastifyInstance, { database }: RestOptions): Promise<void> {
  app.get('/health', { config: { auth: 'public' } }, async (request, reply) => {
    try {
      await database.rows(sql`select 1`);
    } catch (error) {
      request.log.error({ err: error }, 'health check: database unavailable');
      return sendProblem(reply, problemDocument(503, 'health.database-unavailable', 'The database does not answer.'));
    }
    return { status: 'ok', database: database.kind };
  });
}
