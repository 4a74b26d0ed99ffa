import type { FastifyRequest } from 'fastify';
import type { Database } from '@mainline/db';
import { configInForce } from '../config-in-force.ts';
import { anonymousActor, type OperationContext } from '../context.ts';
import { clientInfoOf } from './request-credentials.ts';
import { requestLocale } from './request-locale.ts';

/** The context an operation runs in for this request: the authenticated actor (or anonymous) and the configuration in force for them. */
export function operationContext(request: FastifyRequest, database: Database): OperationContext {
  const auth = request.authentication;
  const actor = auth?.kind === 'authenticated' ? auth.actor : anonymousActor();
  return {
    database,
    actor,
    client: clientInfoOf(request),
    config: configInForce(request.server.versions, actor.orgUnitId ?? null, request.versionSnapshot),
    locale: requestLocale(request.headers['accept-language'], actor.locale),
  };
}
