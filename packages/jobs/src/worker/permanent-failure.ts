/**
 * Thrown by a handler for a failure that another attempt cannot fix (a missing secret, an endpoint
 * that answered 410 Gone): the job fails at once, with its incident, whatever attempts remain.
 * Retrying the incident after fixing the cause queues it again.
 */
export class PermanentJobError extends Error {
  readonly permanent = true;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

/** A PermanentJobError, also one from another copy of this module. */
export function isPermanentFailure(error: unknown): boolean {
  return error instanceof Error && (error as { permanent?: unknown }).permanent === true;
}
