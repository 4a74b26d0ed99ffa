import type { ConfigPackage, Field, Process } from '@mainline/model';

const label = (en: string) => ({ en, 'zh-CN': en });
const options = (...values: string[]) => values.map((value) => ({ value, label: label(value) }));
const at = { x: 0, y: 0 };

/** The role of the process bench's users: create, read and update every record of the bench objects. */
export const PROCESS_BENCH_ROLE = 'caseWorker';

/** The user tasks whose completion moves the record on and opens the next task (C ends the instance). */
export const MOVING_TASKS = ['taskA', 'taskB'] as const;

/** Ten fields of a case: the same on `ticket` (with the process) and `plainTicket` (without). */
const caseFields: Field[] = [
  { id: 'name', type: 'text', label: label('Name'), required: true },
  { id: 'stage', type: 'choice', label: label('Stage'), options: options('a', 'b', 'c', 'done'), indexed: true },
  { id: 'amount', type: 'currency', label: label('Amount') },
  { id: 'priority', type: 'choice', label: label('Priority'), options: options('low', 'medium', 'high') },
  { id: 'dueDate', type: 'date', label: label('Due date') },
  { id: 'email', type: 'email', label: label('E-mail') },
  { id: 'isKey', type: 'boolean', label: label('Key case') },
  { id: 'quantity', type: 'number', label: label('Quantity'), scale: 0, min: 0 },
  { id: 'notes', type: 'longText', label: label('Notes') },
  { id: 'note', type: 'text', label: label('Last step'), maxLength: 40 },
];

const task = (id: string, stage?: string) => ({
  id,
  type: 'userTask' as const,
  position: at,
  ...(stage ? { stage } : {}),
  label: label(`Task ${id}`),
  assignee: { type: 'user' as const, user: 'field:owner' },
  outcomes: [{ id: 'done', label: label('Done') }],
});

const setFields = (id: string, stage: string, note: string) => ({ id, type: 'action' as const, position: at, steps: [{ type: 'setFields' as const, values: { stage: `"${stage}"`, note: `"${note}"` } }] });

/** onCreate → task A (the owner) → setFields → task B → setFields → task C → end. */
const threeSteps: Process = {
  id: 'threeSteps',
  label: label('Three steps'),
  object: 'ticket',
  triggers: [{ type: 'onCreate' }],
  stages: [
    { id: 'a', label: label('A') },
    { id: 'b', label: label('B') },
    { id: 'c', label: label('C') },
  ],
  nodes: [
    { id: 'start', type: 'start', position: at },
    task('taskA', 'a'),
    setFields('afterA', 'b', 'A done'),
    task('taskB', 'b'),
    setFields('afterB', 'c', 'B done'),
    task('taskC', 'c'),
    { id: 'end', type: 'end', position: at },
  ],
  edges: [
    { id: 'e1', from: 'start', to: 'taskA' },
    { id: 'e2', from: 'taskA', to: 'afterA', outcome: 'done' },
    { id: 'e3', from: 'afterA', to: 'taskB' },
    { id: 'e4', from: 'taskB', to: 'afterB', outcome: 'done' },
    { id: 'e5', from: 'afterB', to: 'taskC' },
    { id: 'e6', from: 'taskC', to: 'end', outcome: 'done' },
  ],
};

/** The timer bench: a reminder waits an hour at a timer node, then its owner calls. */
const waitThenCall: Process = {
  id: 'waitThenCall',
  label: label('Wait, then call'),
  object: 'reminder',
  triggers: [{ type: 'onCreate', condition: 'kind == "wait"' }],
  nodes: [
    { id: 'start', type: 'start', position: at },
    { id: 'wait', type: 'timer', position: at, duration: 'PT1H' },
    task('call'),
    { id: 'end', type: 'end', position: at },
  ],
  edges: [
    { id: 'e1', from: 'start', to: 'wait' },
    { id: 'e2', from: 'wait', to: 'call' },
    { id: 'e3', from: 'call', to: 'end', outcome: 'done' },
  ],
};

/** The timer bench: a call task whose SLA reminds its assignee after an hour (an escalation timer). */
const callWithSla: Process = {
  id: 'callWithSla',
  label: label('Call with an SLA'),
  object: 'reminder',
  triggers: [{ type: 'onCreate', condition: 'kind == "escalate"' }],
  nodes: [
    { id: 'start', type: 'start', position: at },
    {
      ...task('call'),
      sla: { due: 'PT2H', escalations: [{ id: 'remind', after: 'PT1H', action: { type: 'notify', recipients: { assignee: true }, message: label('Call now') } }] },
    },
    { id: 'end', type: 'end', position: at },
  ],
  edges: [
    { id: 'e1', from: 'start', to: 'call' },
    { id: 'e2', from: 'call', to: 'end', outcome: 'done' },
  ],
};

/**
 * The process bench's package: `ticket` runs the three-step process on create, `plainTicket` has
 * the same fields and no process (the baseline of instance starts), `reminder` waits at a timer
 * node or an SLA escalation (timer lag).
 */
export function processBenchPackage(): ConfigPackage {
  return {
    id: 'processBench',
    name: label('Process bench'),
    objects: [
      { id: 'ticket', label: label('Ticket'), titleField: 'name', fields: caseFields },
      { id: 'plainTicket', label: label('Plain ticket'), titleField: 'name', fields: caseFields },
      {
        id: 'reminder',
        label: label('Reminder'),
        titleField: 'name',
        fields: [
          { id: 'name', type: 'text', label: label('Name'), required: true },
          { id: 'kind', type: 'choice', label: label('Kind'), options: options('wait', 'escalate') },
        ],
      },
    ],
    roles: [
      {
        id: PROCESS_BENCH_ROLE,
        label: label('Case worker'),
        grants: ['ticket', 'plainTicket', 'reminder'].map((object) => ({ object, actions: { create: { scope: 'all' }, read: { scope: 'all' }, update: { scope: 'all' } } })),
      },
    ],
    processes: [threeSteps, waitThenCall, callWithSla],
    views: [],
  };
}

/** Values in API form of the i-th created case (the same for `ticket` and `plainTicket`). */
export function caseValues(i: number): Record<string, unknown> {
  return {
    name: `Case ${i}`,
    stage: 'a',
    amount: ((i * 7919) % 2_000_000) / 100,
    priority: ['low', 'medium', 'high'][i % 3],
    dueDate: `2027-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    email: `customer${i}@example.com`,
    isKey: i % 10 === 0,
    quantity: i % 500,
    notes: `Notes for case ${i}`,
    note: 'new',
  };
}
