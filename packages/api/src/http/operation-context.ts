import type { FastifyRequest } from 'fastify';
import type { Database } from '@mainline/db';
import { anonymousActor, type OperationContext } from '../context.ts';
import { clientInfoOf } from './request-credentials.ts';

/** The context an operation runs in for this request: the authenticated actor, or anonymous. */
export function operationContext(request: FastifyRequest, database: Database): OperationContext {
  const auth = request.authentication;
  return { database, actor: auth?.kind === 'authenticated' ? auth.actor : anonymousActor(), client: clientInfoOf(request) };
}
