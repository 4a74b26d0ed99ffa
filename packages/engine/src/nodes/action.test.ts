import { describe, expect, it } from 'vitest';
import type { ActionStep } from '@mainline/model';
import { Harness, processOf, T0 } from '../testing/engine-harness.ts';

function actionThenGate(steps: ActionStep[]): ReturnType<typeof processOf> {
  return processOf(
    [
      { id: 'start', type: 'start' },
      { id: 'act', type: 'action', steps },
      { id: 'gate', type: 'exclusiveGateway', defaultEdge: 'other' },
      { id: 'wait', type: 'userTask', assignee: { type: 'queue', queue: 'desk' }, outcomes: [{ id: 'ok', label: { en: 'OK' } }] },
      { id: 'end', type: 'end' },
    ],
    [
      ['e1', 'start', 'act'],
      ['e2', 'act', 'gate'],
      ['won', 'gate', 'end', { condition: 'status == "won"' }],
      ['other', 'gate', 'wait'],
      ['e3', 'wait', 'end'],
    ],
  );
}

describe('action', () => {
  it('sets fields, and a gateway later in the same advance sees the new values', () => {
    const h = new Harness(actionThenGate([{ type: 'setFields', values: { status: '"won"', amount: 'amount * 2.0', dueDate: 'now' } }]), { record: { status: 'open', amount: 50 } });
    h.start();
    expect(h.of('record.update')).toEqual([{ type: 'record.update', node: 'act', values: { status: 'won', amount: 100, dueDate: T0 } }]);
    expect(h.entered).toEqual(['start', 'act', 'gate', 'end']);
    expect(h.record).toMatchObject({ status: 'won', amount: 100, dueDate: T0 });
  });

  it('evaluates the values of one setFields step on the record as it was before the step', () => {
    const h = new Harness(
      actionThenGate([
        { type: 'setFields', values: { status: 'region', region: 'status' } },
        { type: 'setFields', values: { reviewer: 'status + "/" + region' } },
      ]),
      { record: { status: 'a', region: 'b' } },
    );
    h.start();
    expect(h.of('record.update').map((e) => e.values)).toEqual([{ status: 'b', region: 'a' }, { reviewer: 'b/a' }]);
  });

  it('creates a related record with values computed from this one', () => {
    const h = new Harness(actionThenGate([{ type: 'createRecord', object: 'order', values: { deal: 'id', total: 'amount', status: '"draft"' } }]), { record: { amount: 70 } });
    h.start();
    expect(h.of('record.create')).toEqual([{ type: 'record.create', node: 'act', object: 'order', values: { deal: 'rec1', total: 70, status: 'draft' } }]);
  });

  it('notifies the owner, role holders in the record’s unit and named users (no task, so no assignee)', () => {
    const h = new Harness(actionThenGate([{ type: 'notify', recipients: { owner: true, assignee: true, roles: ['manager'], users: ['li.na'] }, message: { en: 'Hi' } }]));
    h.start();
    expect(h.of('notification.send')).toEqual([
      {
        type: 'notification.send',
        at: T0.toISOString(),
        node: 'act',
        taskId: null,
        recipients: [
          { type: 'user', userId: 'u-owner' },
          { type: 'role', role: 'manager', orgUnit: 'east' },
          { type: 'username', username: 'li.na' },
        ],
        message: { en: 'Hi' },
      },
    ]);
  });

  it('describes a webhook with its evaluated payload and the record as it is at that step', () => {
    const h = new Harness(
      actionThenGate([
        { type: 'setFields', values: { status: '"won"' } },
        { type: 'webhook', url: 'https://erp.example.com/hook', secret: 'ERP_SECRET', payload: { total: 'amount * 2.0', who: 'owner' } },
        { type: 'webhook', url: 'https://erp.example.com/other' },
      ]),
      { record: { amount: 100 } },
    );
    h.start();
    const hooks = h.of('webhook.send');
    expect(hooks[0]).toEqual({
      type: 'webhook.send',
      at: T0.toISOString(),
      webhookId: hooks[0]!.webhookId,
      node: 'act',
      url: 'https://erp.example.com/hook',
      secret: 'ERP_SECRET',
      record: { id: 'rec1', owner: 'u-owner', orgUnit: 'east', amount: 100, status: 'won' },
      payload: { total: 200, who: 'u-owner' },
    });
    expect(hooks[1]).toMatchObject({ secret: null, payload: {} });
    expect(hooks[0]!.webhookId).not.toBe(hooks[1]!.webhookId);
  });

  it('keeps the effects in the order of the steps', () => {
    const h = new Harness(
      actionThenGate([
        { type: 'notify', recipients: { owner: true }, message: { en: 'a' } },
        { type: 'setFields', values: { status: '"x"' } },
        { type: 'createRecord', object: 'order', values: { deal: 'id' } },
        { type: 'webhook', url: 'https://x.example.com' },
      ]),
    );
    h.start();
    const between = h.effects.slice(h.effects.findIndex((e) => e.type === 'node.enter' && e.node === 'act') + 1, h.effects.findIndex((e) => e.type === 'node.leave' && e.node === 'act'));
    expect(between.map((e) => e.type)).toEqual(['notification.send', 'record.update', 'record.create', 'webhook.send']);
  });

  it('is all or nothing: a failing step keeps none of the node’s effects and stops with an incident; a retry after the fix runs every step', () => {
    const h = new Harness(
      actionThenGate([
        { type: 'setFields', values: { status: '"won"' } },
        { type: 'setFields', values: { amount: 'double(100 / count)' } },
      ]),
      { record: { status: 'open', count: 0 } },
    );
    h.start();
    expect(h.of('record.update')).toEqual([]);
    expect(h.record.status).toBe('open');
    const [incident] = h.of('incident.raise');
    expect(incident).toMatchObject({ node: 'act', reason: 'process.expression-failed', retry: { kind: 'execute' } });
    expect(incident!.message).toContain('step 2 (setFields) of "act"');
    expect(h.current.status).toBe('incident');

    h.record.count = 4;
    h.retry();
    expect(h.of('record.update').map((e) => e.values)).toEqual([{ status: 'won' }, { amount: 25 }]);
    expect(h.entered).toEqual(['gate', 'end']);
    expect(h.current.status).toBe('completed');
  });
});
