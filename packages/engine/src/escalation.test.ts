import { describe, expect, it } from 'vitest';
import type { Escalation } from '@mainline/model';
import { Harness, processOf, T0 } from './testing/engine-harness.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const at = (ms: number): string => new Date(T0.getTime() + ms).toISOString();

/** start → approve (with the escalations) → approved | rejected → end */
function approval(escalations: Escalation[], due = 'P2D'): ReturnType<typeof processOf> {
  return processOf(
    [
      { id: 'start', type: 'start' },
      {
        id: 'approve',
        type: 'userTask',
        assignee: { type: 'user', user: 'field:reviewer' },
        outcomes: [
          { id: 'approve', label: { en: 'Approve' } },
          { id: 'reject', label: { en: 'Reject' } },
        ],
        sla: { due, escalations },
      },
      { id: 'approved', type: 'end' },
      { id: 'rejected', type: 'end' },
    ],
    [
      ['e1', 'start', 'approve'],
      ['yes', 'approve', 'approved', { outcome: 'approve' }],
      ['no', 'approve', 'rejected', { outcome: 'reject' }],
    ],
  );
}

const remind: Escalation = { id: 'remind', after: 'P1D', action: { type: 'notify', recipients: { assignee: true, owner: true }, message: { en: 'Due tomorrow' } } };
const nag: Escalation = { id: 'nag', after: 'P3D', repeatEvery: 'P1D', action: { type: 'notify', recipients: { assignee: true }, message: { en: 'Still open' } } };
const toManager: Escalation = { id: 'toManager', after: 'P2D', action: { type: 'reassign', assignee: { type: 'role', role: 'manager' } } };
const lapse: Escalation = { id: 'lapse', after: 'P5D', action: { type: 'takeOutcome', outcome: 'reject' } };
const withdraw: Escalation = { id: 'withdraw', after: 'P4D', interrupting: true, action: { type: 'notify', recipients: { owner: true }, message: { en: 'Withdrawn' } } };

describe('escalations and SLA', () => {
  it('schedules each escalation as a boundary timer of the task, `after` from its creation', () => {
    const h = new Harness(approval([remind, toManager, lapse]), { record: { reviewer: 'u-rev' } });
    h.start();
    expect(h.of('timer.schedule').map((t) => [t.escalation, t.dueAt, t.kind, t.taskId, t.repeat])).toEqual([
      ['remind', at(DAY), 'escalation', 'id2', 0],
      ['toManager', at(2 * DAY), 'escalation', 'id2', 0],
      ['lapse', at(5 * DAY), 'escalation', 'id2', 0],
    ]);
    expect(h.task('approve').dueAt).toBe(at(2 * DAY));
  });

  it('cancels the task’s timers when it completes; a timer that still fires is ignored', () => {
    const h = new Harness(approval([remind, nag, lapse]), { record: { reviewer: 'u-rev' } });
    h.start();
    const timers = h.current.timers.map((t) => t.id);
    const reminder = h.timer('approve', 'remind');
    h.complete('approve', 'approve');
    expect(h.of('timer.cancel')).toEqual([{ type: 'timer.cancel', timerIds: timers }]);
    expect(h.current.timers).toEqual([]);
    expect(h.fire(reminder).effects).toEqual([]);
    expect(h.current.status).toBe('completed');
  });

  it('notifies the current assignee without interrupting; the task stays open', () => {
    const h = new Harness(approval([remind]), { record: { reviewer: 'u-rev' } });
    h.start();
    const task = h.task('approve');
    h.fire(h.timer('approve', 'remind'));
    expect(h.effects).toEqual([
      { type: 'task.escalate', at: at(DAY), taskId: task.id, node: 'approve', escalation: 'remind', repeat: 0, interrupting: false },
      {
        type: 'notification.send',
        at: at(DAY),
        node: 'approve',
        taskId: task.id,
        recipients: [{ type: 'user', userId: 'u-rev' }, { type: 'user', userId: 'u-owner' }],
        message: { en: 'Due tomorrow' },
      },
    ]);
    expect(h.current.tasks).toEqual([task]);
    expect(h.current.timers).toEqual([]); // fired once, no repeat
  });

  it('repeats a non-interrupting escalation every interval while the task stays open, until it completes', () => {
    const h = new Harness(approval([nag]), { record: { reviewer: 'u-rev' } });
    h.start();
    const seen: [number, string][] = [];
    for (let n = 0; n < 3; n++) {
      const timer = h.timer('approve', 'nag');
      expect(timer).toMatchObject({ repeat: n, dueAt: at(3 * DAY + n * DAY) });
      h.fire(timer);
      expect(h.of('notification.send')).toHaveLength(1);
      const next = h.of('timer.schedule')[0]!;
      seen.push([next.repeat!, next.dueAt]);
      expect(next.timerId).not.toBe(timer.id);
    }
    expect(seen).toEqual([
      [1, at(4 * DAY)],
      [2, at(5 * DAY)],
      [3, at(6 * DAY)],
    ]);
    expect(h.current.tasks).toHaveLength(1);

    const pending = h.timer('approve', 'nag');
    h.complete('approve', 'approve');
    expect(h.of('timer.cancel')).toEqual([{ type: 'timer.cancel', timerIds: [pending.id] }]);
    expect(h.fire(pending).effects).toEqual([]);
  });

  it('reschedules from now when a repeating escalation fired late, so missed reminders do not come in a burst', () => {
    const h = new Harness(approval([nag]), { record: { reviewer: 'u-rev' } });
    h.start();
    h.fire(h.timer('approve', 'nag'), new Date(T0.getTime() + 10 * DAY + HOUR));
    expect(h.of('timer.schedule')[0]!.dueAt).toBe(at(11 * DAY + HOUR));
  });

  it('ignores an escalation event for another repeat than the pending one', () => {
    const h = new Harness(approval([nag]), { record: { reviewer: 'u-rev' } });
    h.start();
    const timer = h.timer('approve', 'nag');
    expect(h.advance({ type: 'escalationFired', timerId: timer.id, repeat: 4 }).effects).toEqual([]);
  });

  it('reassigns the task; later notifications go to the new assignee', () => {
    const h = new Harness(approval([toManager, nag]), { record: { reviewer: 'u-rev' } });
    h.start();
    h.fire(h.timer('approve', 'toManager'));
    expect(h.of('task.reassign')).toEqual([
      { type: 'task.reassign', at: at(2 * DAY), taskId: 'id2', node: 'approve', assignee: { type: 'role', role: 'manager', orgUnit: 'east' }, previous: { type: 'user', userId: 'u-rev' }, escalation: 'toManager' },
    ]);
    expect(h.task('approve').assignee).toEqual({ type: 'role', role: 'manager', orgUnit: 'east' });
    h.fire(h.timer('approve', 'nag'));
    expect(h.of('notification.send')[0]!.recipients).toEqual([{ type: 'role', role: 'manager', orgUnit: 'east' }]);
  });

  it('keeps the task with its assignee and raises an incident when the new assignee cannot be resolved; the incident closes with the task', () => {
    const toBackup: Escalation = { id: 'toBackup', after: 'P1D', action: { type: 'reassign', assignee: { type: 'user', user: 'field:region' } } };
    const h = new Harness(approval([toBackup]), { record: { reviewer: 'u-rev' } });
    h.start();
    h.fire(h.timer('approve', 'toBackup'));
    const [incident] = h.of('incident.raise');
    expect(incident).toMatchObject({ node: 'approve', tokenId: 'id1', reason: 'process.assignee-empty', retry: { kind: 'reassign', taskId: 'id2', escalation: 'toBackup' } });
    expect(h.current.status).toBe('incident');
    expect(h.current.tokens[0]!.waitsFor).toEqual({ type: 'task', taskId: 'id2' }); // not stopped

    h.record.region = 'u-backup';
    h.retry();
    expect(h.of('task.reassign')).toEqual([expect.objectContaining({ assignee: { type: 'user', userId: 'u-backup' } })]);
    expect(h.current.status).toBe('running');

    const again = new Harness(approval([toBackup]), { record: { reviewer: 'u-rev' } });
    again.start();
    again.fire(again.timer('approve', 'toBackup'));
    again.complete('approve', 'approve');
    expect(again.of('incident.resolve')).toEqual([expect.objectContaining({ how: 'obsolete' })]);
    expect(again.current.status).toBe('completed');
  });

  it('takes an outcome on the assignee’s behalf: the task completes, its other timers are cancelled and the outcome’s edge is taken', () => {
    const h = new Harness(approval([remind, lapse, nag], 'P2D'), { record: { reviewer: 'u-rev' } });
    h.start();
    h.fire(h.timer('approve', 'remind'));
    h.fire(h.timer('approve', 'nag')); // at 3 days: repeats at 4 days
    const lapsing = h.timer('approve', 'lapse');
    const others = h.current.timers.filter((t) => t.id !== lapsing.id).map((t) => t.id);
    expect(others).toHaveLength(1); // the next nag
    h.fire(lapsing);
    expect(h.effects.map((e) => e.type)).toEqual(['task.escalate', 'task.complete', 'timer.cancel', 'node.leave', 'node.enter', 'node.leave', 'instance.complete']);
    expect(h.of('task.escalate')[0]).toMatchObject({ escalation: 'lapse', interrupting: true });
    expect(h.of('task.complete')[0]).toMatchObject({ outcome: 'reject', by: { type: 'escalation', escalation: 'lapse' } });
    expect(h.of('timer.cancel')[0]!.timerIds).toEqual(others);
    expect(h.of('node.leave')[0]).toMatchObject({ node: 'approve', outcome: 'reject', edges: ['no'], sla: 'breached' });
    expect(h.current.status).toBe('completed');
  });

  it('cancels the task on an interrupting notify escalation and ends that path; the instance completes when nothing else runs', () => {
    const h = new Harness(approval([withdraw, nag]), { record: { reviewer: 'u-rev' } });
    h.start();
    h.fire(h.timer('approve', 'nag'));
    h.fire(h.timer('approve', 'withdraw'));
    expect(h.effects.map((e) => e.type)).toEqual(['task.escalate', 'notification.send', 'task.cancel', 'timer.cancel', 'node.leave', 'instance.complete']);
    expect(h.of('task.cancel')[0]).toMatchObject({ cause: 'escalation' });
    expect(h.of('node.leave')[0]).toMatchObject({ node: 'approve', how: 'escalated', edges: [], outcome: null, sla: 'breached' });
    expect(h.current).toMatchObject({ status: 'completed', tasks: [], timers: [] });
  });

  it('says in the history whether the task met its SLA', () => {
    const met = new Harness(approval([], 'P2D'), { record: { reviewer: 'u-rev' } });
    met.start();
    met.now = new Date(T0.getTime() + 2 * DAY); // exactly due: met
    met.complete('approve', 'approve');
    expect(met.of('node.leave')[0]!.sla).toBe('met');

    const none = new Harness(processOf([{ id: 'start', type: 'start' }, { id: 't', type: 'userTask', assignee: { type: 'queue', queue: 'q' }, outcomes: [{ id: 'ok', label: { en: 'OK' } }] }, { id: 'end', type: 'end' }], [['a', 'start', 't'], ['b', 't', 'end']]));
    none.start();
    none.complete('t', 'ok');
    expect(none.of('node.leave')[0]!.sla).toBeNull();
  });
});

