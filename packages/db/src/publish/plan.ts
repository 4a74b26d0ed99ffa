import type { ConfigPackage } from '@mainline/model';
import type { VersionPhysical } from '../records/physical-types.ts';
import { versionIndexes } from '../records/version-indexes.ts';
import { diffConfig } from './diff-config.ts';
import { fieldWork } from './field-checks.ts';
import { packageHash } from './package-hash.ts';
import { findConflicts, planPhysical, type VersionLayout } from './physical-diff.ts';
import type { ConfigChanges, Conflict, PlanIssue, PlanStep, PublishPlan, RolloutTarget } from './plan-types.ts';
import { mapPackage } from './map-package.ts';
import { assignmentsAfterPublish, leavingVersions, versionRefsInForce } from './rollout/assignments.ts';
import { columnKey, versionsInForce, type PublishState } from './state.ts';

export interface PublishPlanOptions {
  /** Whole organisation (default) or pilot org units. */
  to?: RolloutTarget;
}

const noChanges = (): ConfigChanges => ({ package: [], objects: [], roles: [], views: [], processes: [], queues: [], navigation: [] });

export function cannotCoexist(conflicts: Conflict[]): PlanIssue {
  const subjects = conflicts.map((c) => `${c.wanted[0]!.objectId}.${c.wanted[0]!.fieldId} (${[...new Set(c.wanted.map((w) => w.type + (w.references ? ` → ${w.references}` : '')))].join(' / ')})`);
  return {
    code: 'publish.pilot.cannot-coexist',
    message: {
      en: `This version cannot run beside the versions in force, because it changes the type or reference of ${subjects.join(', ')}. It must go to the whole organisation at once.`,
      'zh-CN': `此版本改变了 ${subjects.join('、')} 的类型或引用，无法与正在生效的版本并存，必须一次性发布到整个组织。`,
    },
  };
}

/**
 * plan(current, draft): what publishing `draft` changes — objects and fields added, renamed,
 * retired, re-added, changed; indexes; roles, views and processes — and the SQL it runs, against
 * the newest version in force. Pure: everything it needs is in `state`.
 */
export function makePublishPlan(state: PublishState, draft: ConfigPackage, options: PublishPlanOptions = {}): PublishPlan {
  const target = options.to ?? { kind: 'organisation' };
  const hash = packageHash(draft);
  const inForce = versionsInForce(state.assignments).map((id) => state.versions.get(id)!);
  const head = inForce[0] ?? null;
  const before = state.assignments;
  const after = assignmentsAfterPublish(before, target);
  const common = { kind: 'publish' as const, stateToken: state.token, hash, base: head ? { id: head.id, hash: head.hash } : null, target, package: draft };
  if (head?.hash === hash) {
    return { ...common, unchanged: true, assignments: { before, after: before }, inForceAfter: versionsInForce(before), leaving: [], steps: [], checks: [], tasks: [], conflicts: [], blockers: [], warnings: [], changes: noChanges(), physical: head.physical, pilotAllowed: true };
  }
  const objects = mapPackage(draft, head, inForce, state.catalogue);
  const physical: VersionPhysical = { objects, indexes: versionIndexes(draft, objects) };
  const exists = (table: string, column?: string) => (column === undefined ? state.catalogue.tables.has(table) : state.catalogue.columns.has(columnKey(table, column)));
  const changes = diffConfig(head, { package: draft, physical }, exists);
  const refs = versionRefsInForce(after);
  const layouts: VersionLayout[] = refs.map((ref) => ({ version: ref, physical: ref === 'new' ? physical : state.versions.get(ref)!.physical }));
  const physicalPlan = planPhysical(state.catalogue, layouts);
  const pilotAllowed = findConflicts([{ version: 'new', physical }, ...inForce.map((v) => ({ version: v.id, physical: v.physical }))]).length === 0;
  const blockers = [...physicalPlan.blockers];
  if (target.kind === 'units' && physicalPlan.conflicts.length > 0) blockers.push(cannotCoexist(physicalPlan.conflicts));
  const work = fieldWork(draft, head, physical, state.catalogue, physicalPlan.newTables);
  return {
    ...common,
    unchanged: false,
    assignments: { before, after },
    inForceAfter: refs,
    leaving: leavingVersions(before, after),
    steps: withBackfills(physicalPlan.steps, work.backfills),
    checks: [...physicalPlan.checks, ...work.checks],
    tasks: work.tasks,
    conflicts: physicalPlan.conflicts,
    blockers,
    warnings: physicalPlan.warnings,
    changes,
    physical,
    pilotAllowed,
  };
}

/** Backfills run once columns have their new types and before indexes are built on them. */
function withBackfills(steps: PlanStep[], backfills: PlanStep[]): PlanStep[] {
  const firstIndex = steps.findIndex((s) => s.kind === 'createIndex');
  const at = firstIndex === -1 ? steps.length : firstIndex;
  return [...steps.slice(0, at), ...backfills, ...steps.slice(at)];
}
