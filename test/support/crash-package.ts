import type { ConfigPackage, Process } from '@mainline/model';

const label = (en: string) => ({ en, 'zh-CN': en });
const at = { x: 0, y: 0 };

/** The user every task of the crash test goes to, and who completes them over REST. */
export const CRASH_CLERK = 'clerk';
/** The role that lets the clerk read and update claims. */
export const CRASH_ROLE = 'claimClerk';
/** The action nodes: each sends one webhook per instance. */
export const CRASH_ACTIONS = ['afterReview', 'afterApprove'] as const;

const task = (id: string) => ({
  id,
  type: 'userTask' as const,
  position: at,
  label: label(id),
  assignee: { type: 'user' as const, user: CRASH_CLERK },
  outcomes: [{ id: 'done', label: label('Done') }],
});

/** Sets the stage, counts the step on the record (a step applied twice shows as a count of 3), and tells the receiver. */
const action = (id: (typeof CRASH_ACTIONS)[number], stage: string, hookUrl: string) => ({
  id,
  type: 'action' as const,
  position: at,
  steps: [
    { type: 'setFields' as const, values: { stage: `"${stage}"`, steps: 'steps + 1.0' } },
    { type: 'webhook' as const, url: hookUrl, payload: { stage: 'stage', steps: 'steps' } },
  ],
});

/** onCreate → review (the clerk) → afterReview (set fields, webhook) → approve (the clerk) → afterApprove (set fields, webhook) → end. */
function twoSignatures(hookUrl: string): Process {
  return {
    id: 'twoSignatures',
    label: label('Two signatures'),
    object: 'claim',
    triggers: [{ type: 'onCreate' }],
    nodes: [
      { id: 'start', type: 'start', position: at },
      task('review'),
      action('afterReview', 'reviewed', hookUrl),
      task('approve'),
      action('afterApprove', 'approved', hookUrl),
      { id: 'end', type: 'end', position: at },
    ],
    edges: [
      { id: 'e1', from: 'start', to: 'review' },
      { id: 'e2', from: 'review', to: 'afterReview', outcome: 'done' },
      { id: 'e3', from: 'afterReview', to: 'approve' },
      { id: 'e4', from: 'approve', to: 'afterApprove', outcome: 'done' },
      { id: 'e5', from: 'afterApprove', to: 'end' },
    ],
  };
}

/**
 * The crash test's package: a `claim` whose process asks the clerk twice; each completion updates
 * the record, queues a webhook to `hookUrl` and opens the next task or ends the instance.
 */
export function crashPackage(hookUrl: string): ConfigPackage {
  return {
    id: 'crashTest',
    name: label('Crash test'),
    objects: [
      {
        id: 'claim',
        label: label('Claim'),
        titleField: 'name',
        fields: [
          { id: 'name', type: 'text', label: label('Name'), required: true },
          { id: 'stage', type: 'choice', label: label('Stage'), options: ['new', 'reviewed', 'approved'].map((value) => ({ value, label: label(value) })) },
          { id: 'steps', type: 'number', label: label('Steps done'), scale: 0, min: 0 },
        ],
      },
    ],
    roles: [{ id: CRASH_ROLE, label: label('Claim clerk'), grants: [{ object: 'claim', actions: { create: { scope: 'all' }, read: { scope: 'all' }, update: { scope: 'all' } } }] }],
    processes: [twoSignatures(hookUrl)],
    views: [],
  };
}
