import { TRPCError } from '@trpc/server';
import { OperationError } from '../../errors.ts';

type TrpcCode = TRPCError['code'];

const codes: Record<OperationError['status'], TrpcCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  410: 'NOT_FOUND', // tRPC has no GONE; data.problem.status still says 410
  413: 'PAYLOAD_TOO_LARGE',
  422: 'UNPROCESSABLE_CONTENT',
  428: 'PRECONDITION_REQUIRED',
  429: 'TOO_MANY_REQUESTS',
};

/** The tRPC error for an operation error: the HTTP status follows `status`, the problem travels as cause. */
export function trpcErrorOf(error: OperationError): TRPCError {
  return new TRPCError({ code: codes[error.status], message: error.message, cause: error });
}
