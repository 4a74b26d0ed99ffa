import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OperationError } from '../errors.ts';
import { internalProblem, problemContentType, problemDocument, problemHeaders, problemOfOperationError, type ProblemDocument } from './problem.ts';
import { requestProblem } from './request-problem.ts';

export function sendProblem(reply: FastifyReply, problem: ProblemDocument): FastifyReply {
  return reply.code(problem.status).headers(problemHeaders(problem)).type(problemContentType).send(problem);
}

/** The problem document for any error thrown while handling a request; logs what was not expected. */
export function problemOf(error: unknown, request: FastifyRequest): ProblemDocument {
  if (error instanceof OperationError) return problemOfOperationError(error);
  const known = requestProblem(error as FastifyError);
  if (known) return known;
  request.log.error({ err: error }, 'unexpected error');
  return internalProblem(request.id);
}

/** One place that turns errors into problem+json: operation errors, request errors, and the unexpected. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => sendProblem(reply, problemOf(error, request)));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problemDocument(404, 'http.not-found', `There is no ${request.method} ${request.url.split('?')[0]}.`)),
  );
}
