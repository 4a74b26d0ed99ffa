import { describe, expect, it } from 'vitest';
import { checkProcessSteps } from './process-steps.ts';
import { edge, node, process, run, summary, text, withBase } from './test-fixtures.ts';
import type { Node } from '../generated/config.ts';

const check = (n: Node) => summary(run(checkProcessSteps, withBase((p) => (p.processes = [process('flow', [node.start(), n, node.end()], [edge('start', n.id), edge(n.id, 'end')])]))));
const notify = { type: 'notify', recipients: { owner: true }, message: text('Late') };

describe('timers, SLAs and escalations', () => {
  it('needs exactly one of duration and until on a timer', () => {
    expect(check(node.timer('w', { duration: 'P1D' }))).toEqual([]);
    expect(check(node.timer('w', { until: 'closeDate' }))).toEqual([]);
    expect(check(node.timer('w', {}))).toEqual(['config.process.timer-spec /processes/0/nodes/1']);
    expect(check(node.timer('w', { duration: 'P1D', until: 'closeDate' }))).toEqual(['config.process.timer-spec /processes/0/nodes/1/until']);
  });

  it('needs exactly one of due and dueExpression on an SLA', () => {
    expect(check(node.task('t', { sla: { due: 'P1D' } }))).toEqual([]);
    expect(check(node.task('t', { sla: { dueExpression: 'closeDate' } }))).toEqual([]);
    expect(check(node.task('t', { sla: { escalations: [] } }))).toEqual(['config.process.sla-due /processes/0/nodes/1/sla']);
    expect(check(node.task('t', { sla: { due: 'P1D', dueExpression: 'closeDate' } }))).toEqual(['config.process.sla-due /processes/0/nodes/1/sla/dueExpression']);
  });

  it('keeps takeOutcome interrupting and repeatEvery on non-interrupting escalations', () => {
    const sla = {
      due: 'P1D',
      escalations: [
        { id: 'ok1', after: 'P1D', repeatEvery: 'P1D', action: notify },
        { id: 'ok2', after: 'P2D', action: { type: 'takeOutcome', outcome: 'done' } },
        { id: 'bad1', after: 'P3D', interrupting: false, action: { type: 'takeOutcome', outcome: 'done' } },
        { id: 'bad2', after: 'P4D', interrupting: true, repeatEvery: 'P1D', action: notify },
        { id: 'bad3', after: 'P5D', repeatEvery: 'P1D', action: { type: 'takeOutcome', outcome: 'done' } },
        { id: 'ok3', after: 'P6D', action: { type: 'reassign', assignee: { type: 'role', role: 'manager' } } },
        { id: 'bad4', after: 'P7D', interrupting: true, action: { type: 'reassign', assignee: { type: 'role', role: 'manager' } } },
      ],
    };
    expect(check(node.task('t', { sla }))).toEqual([
      'config.process.escalation-interrupting /processes/0/nodes/1/sla/escalations/2/interrupting',
      'config.process.escalation-repeat /processes/0/nodes/1/sla/escalations/3/repeatEvery',
      'config.process.escalation-repeat /processes/0/nodes/1/sla/escalations/4/repeatEvery',
      'config.process.escalation-reassign-interrupting /processes/0/nodes/1/sla/escalations/6/interrupting',
    ]);
  });
});
