import { formatPlan, type ChangePlan, type CheckReport, type PlannedAssignments } from '@mainline/db';
import type { PlanView } from '@mainline/api';
import type { CliLocale } from '../locale.ts';
import { say } from '../say.ts';

function relabel(assignments: PlannedAssignments, codeOf: (id: string) => string): PlannedAssignments {
  return Object.fromEntries(Object.entries(assignments).map(([unit, version]) => [codeOf(unit), version]));
}

/**
 * A plan as text: formatPlan's rendering (changes, indexes, checks, SQL) with org unit codes
 * instead of ids. Operations return plans without the package, which formatPlan never reads.
 */
export function planText(view: PlanView, locale: CliLocale, check: CheckReport | null, codeOf: (id: string) => string): string {
  const { before, after } = view.assignments;
  const plan = { ...view, assignments: { before: relabel(before, codeOf), after: relabel(after, codeOf) } } as ChangePlan;
  return formatPlan(plan, locale, check);
}

/** The last line of a plan: whether it can go ahead, and if not, what stands in the way with counts. */
export function planVerdict(view: PlanView, check: CheckReport | null, locale: CliLocale): string {
  if (view.kind === 'publish' && view.unchanged) return say(locale, 'Nothing to publish.', '无需发布。');
  if (view.blockers.length > 0) {
    const codes = view.blockers.map((b) => b.code).join(', ');
    return say(locale, `Cannot be applied: ${view.blockers.length} blocker(s) (${codes}).`, `无法执行：${view.blockers.length} 个阻碍（${codes}）。`);
  }
  if (check && !check.ok) {
    const rows = check.problems.reduce((sum, p) => sum + p.count, 0);
    const list = check.problems.map((p) => `${p.code} ${p.subject}: ${p.count}`).join('; ');
    return say(
      locale,
      `Refused: ${check.problems.length} check(s) failed, ${rows} record(s) in the way (${list}).`,
      `被拒绝：${check.problems.length} 项检查未通过，${rows} 条记录受阻（${list}）。`,
    );
  }
  return say(locale, 'The checks pass: it can be applied.', '检查通过：可以执行。');
}
