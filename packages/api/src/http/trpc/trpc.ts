import { initTRPC } from '@trpc/server';
import { assertCsrfToken, csrfHeader } from '../../auth/csrf.ts';
import { requireAuthentication, requirePasswordChanged } from '../../auth/require-authentication.ts';
import { anonymousActor, type OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { internalProblem, problemDocument, problemOfOperationError, type ProblemDocument } from '../problem.ts';
import { operationContextAs } from '../operation-context.ts';
import type { TrpcContext } from './trpc-context.ts';
import { trpcErrorOf } from './trpc-error.ts';

const t = initTRPC.context<TrpcContext>().create({
  isDev: false,
  // data.problem is the same problem document REST answers with; no stack, ever.
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause;
    let problem: ProblemDocument;
    if (cause instanceof OperationError) problem = problemOfOperationError(cause);
    else if (error.code === 'INTERNAL_SERVER_ERROR') problem = internalProblem(ctx?.request.id ?? 'unknown');
    else problem = problemDocument(shape.data.httpStatus, `rpc.${error.code.toLowerCase().replaceAll('_', '-')}`, error.message);
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, message: problem.detail, data: { ...data, problem } };
  },
});

export const router = t.router;

/** Turns OperationErrors into tRPC errors with the matching HTTP status (and Retry-After for 429). */
const operationErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof OperationError) {
    const retryAfter = result.error.cause.details.retryAfterSeconds;
    if (typeof retryAfter === 'number') void ctx.reply.header('retry-after', String(retryAfter));
    throw trpcErrorOf(result.error.cause);
  }
  return result;
});

function operationContext(ctx: TrpcContext, actor = anonymousActor()): OperationContext {
  return operationContextAs(ctx.request, ctx.database, actor);
}

/** Anyone: operations run as the anonymous actor. */
export const publicProcedure = t.procedure.use(operationErrors).use(({ ctx, next }) => next({ ctx: { operation: operationContext(ctx) } }));

function authenticated(allowPendingPassword: boolean) {
  return t.middleware(async ({ ctx, type, next }) => {
    const auth = requireAuthentication(await ctx.authenticate());
    if (auth.csrfToken !== null && type === 'mutation') {
      const header = ctx.request.headers[csrfHeader];
      assertCsrfToken(auth.csrfToken, Array.isArray(header) ? header[0] : header);
    }
    if (!allowPendingPassword) requirePasswordChanged(auth);
    return next({ ctx: { operation: operationContext(ctx, auth.actor) } });
  });
}

/** Signed in, even with a one-time password still to change: the session, password change, logout. */
export const signedInProcedure = t.procedure.use(operationErrors).use(authenticated(true));

/** Signed in with a password of one's own: everything else. Mutations by cookie need X-CSRF-Token. */
export const protectedProcedure = t.procedure.use(operationErrors).use(authenticated(false));
