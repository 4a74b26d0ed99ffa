import { EngineError } from '@mainline/engine';
import { IncidentError, retryIncident as retryJobIncident } from '@mainline/jobs';
import type { OperationContext } from '../../context.ts';
import { OperationError, requirePermission } from '../../errors.ts';
import { isUuid } from '../org/lib/is-uuid.ts';
import { transact } from '../org/lib/transact.ts';
import { advanceStoredInstance } from './lib/process-runtime.ts';

export type RetryIncidentInput = { instanceId: string; incidentId: string } | { jobIncidentId: string };

/**
 * Retries an incident after its cause is fixed (admins): a process incident runs its node again
 * (or re-evaluates its way out) — a new incident if the problem remains; a job incident queues the
 * job again with fresh attempts.
 */
export async function retryIncident(ctx: OperationContext, input: RetryIncidentInput): Promise<void> {
  requirePermission(ctx.actor, 'admin');
  const [pointer, id] = 'jobIncidentId' in input ? ['/jobIncidentId', input.jobIncidentId] : ['/instanceId', input.instanceId];
  if (!isUuid(id)) throw notFound(pointer, `There is no incident ${JSON.stringify(id)}.`);
  await transact(ctx, async (tx) => {
    try {
      if ('jobIncidentId' in input) await retryJobIncident(tx, input.jobIncidentId);
      else await advanceStoredInstance(ctx, tx, input.instanceId, { type: 'incidentRetried', incidentId: input.incidentId });
    } catch (error) {
      if (error instanceof EngineError || error instanceof IncidentError) throw notFound('jobIncidentId' in input ? '/jobIncidentId' : '/incidentId', error.message);
      if (error instanceof OperationError && error.code === 'process.instance-not-found') throw notFound('/instanceId', error.message);
      throw error;
    }
  });
}

function notFound(pointer: string, message: string): OperationError {
  return new OperationError(404, 'process.incident-not-found', message, [{ pointer, code: 'process.incident-not-found', message }]);
}
