import type { ChangePlan, PublishActor, PublishPlan, RolloutTarget } from '@mainline/db';
import type { Actor } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';

/** Where a version goes: the whole organisation, or pilot org units (ids). */
export type RolloutTo = 'organisation' | { units: string[] };

export function rolloutTarget(to: RolloutTo | undefined): RolloutTarget {
  if (to === undefined || to === 'organisation') return { kind: 'organisation' };
  if (!Array.isArray(to.units) || to.units.some((u) => typeof u !== 'string')) {
    throw new OperationError(422, 'config.rollout.invalid-target', 'Give `to` as "organisation" or { units: [org unit ids] }.', [{ pointer: '/to', code: 'config.rollout.invalid-target', message: 'Expected "organisation" or { units: [...] }.' }]);
  }
  return { kind: 'units', units: [...new Set(to.units)] };
}

export function publishActor(actor: Actor): PublishActor {
  return { id: actor.userId, name: actor.username };
}

/** A plan as operations return it: plain data, without the package the caller sent. */
export type PlanView = Omit<PublishPlan, 'package'> | Exclude<ChangePlan, PublishPlan>;

export function planView(plan: ChangePlan): PlanView {
  if (plan.kind !== 'publish') return plan;
  const { package: _omitted, ...rest } = plan;
  return rest;
}
