import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import type { Database } from '@mainline/db';
import { resolveActor, type Authentication } from '../../auth/resolve-actor.ts';
import type { CookiePolicy } from '../session-cookies.ts';
import { credentialsOf } from '../request-credentials.ts';

export interface TrpcContext {
  database: Database;
  request: FastifyRequest;
  reply: FastifyReply;
  cookies: CookiePolicy;
  /** Resolves the caller once, when a procedure first asks: public procedures never look. */
  authenticate(): Promise<Authentication>;
}

export function createTrpcContext(database: Database, cookies: CookiePolicy) {
  return ({ req, res }: CreateFastifyContextOptions): TrpcContext => {
    let authentication: Promise<Authentication> | undefined;
    return {
      database,
      request: req,
      reply: res,
      cookies,
      authenticate: () => (authentication ??= resolveActor(database.db, credentialsOf(req))),
    };
  };
}
