import type { FastifyInstance } from 'fastify';
import { createApiToken, type CreateApiTokenInput } from '../../operations/auth/create-api-token.ts';
import { listApiTokens, type ListApiTokensInput } from '../../operations/auth/list-api-tokens.ts';
import { revokeApiToken } from '../../operations/auth/revoke-api-token.ts';
import { operationContext } from '../operation-context.ts';
import { createApiTokenBody, listApiTokensQuery, tokenIdParams } from '../schemas/token-schemas.ts';
import type { RestOptions } from './rest-options.ts';

/** API tokens for integrators, under /api/v1/auth/tokens: one's own, or anyone's with manageUsers. */
export async function tokenRoutes(app: FastifyInstance, { database }: RestOptions): Promise<void> {
  app.get<{ Querystring: ListApiTokensInput }>('/auth/tokens', { schema: { querystring: listApiTokensQuery } }, async (request) => ({
    tokens: await listApiTokens(operationContext(request, database), request.query),
  }));

  app.post<{ Body: CreateApiTokenInput }>('/auth/tokens', { schema: { body: createApiTokenBody } }, async (request, reply) => {
    const created = await createApiToken(operationContext(request, database), request.body);
    return reply.code(201).header('cache-control', 'no-store').send(created);
  });

  app.delete<{ Params: { id: string } }>('/auth/tokens/:id', { schema: { params: tokenIdParams } }, async (request) =>
    revokeApiToken(operationContext(request, database), { id: request.params.id }),
  );
}
