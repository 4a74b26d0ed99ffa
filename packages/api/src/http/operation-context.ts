import type { FastifyRequest } from 'fastify';
import type { Database } from '@mainline/db';
import { configInForce } from '../config-in-force.ts';
import { anonymousActor, type Actor, type OperationContext } from '../context.ts';
import { clientInfoOf } from './request-credentials.ts';
import { requestLocale } from './request-locale.ts';

/** The context an operation runs in for this request as `actor` (REST and tRPC): the configuration in force for them and their language. */
export function operationContextAs(request: FastifyRequest, database: Database, actor: Actor): OperationContext {
  return {
    database,
    actor,
    client: clientInfoOf(request),
    config: configInForce(request.server.versions, actor.orgUnitId ?? null, request.versionSnapshot),
    locale: requestLocale(request.headers['accept-language'], actor.locale),
  };
}

/** The context an operation runs in for this request: the authenticated actor (or anonymous) and the configuration in force for them. */
export function operationContext(request: FastifyRequest, database: Database): OperationContext {
  const auth = request.authentication;
  return operationContextAs(request, database, auth?.kind === 'authenticated' ? auth.actor : anonymousActor());
}
