import { describe, expect, it } from 'vitest';
import { checkProcessReferences } from './process-references.ts';
import { at, edge, form, node, process, run, summary, text, withBase } from './test-fixtures.ts';
import type { ConfigPackage, Node } from '../generated/config.ts';

/** The base package with its process replaced by start → node → end. */
const withNode = (n: Node, change: (p: ConfigPackage) => void = () => undefined): ConfigPackage =>
  withBase((p) => {
    p.processes = [process('flow', [node.start(), n, node.end()], [edge('start', n.id), edge(n.id, 'end')], { stages: [{ id: 'open', label: text('Open') }] })];
    change(p);
  });
const check = (n: Node, change?: (p: ConfigPackage) => void) => summary(run(checkProcessReferences, withNode(n, change)));

describe('process references', () => {
  it('accepts the base package', () => {
    expect(run(checkProcessReferences, withBase(() => undefined))).toEqual([]);
  });

  it('reports an unknown process object, stage and manual-start role', () => {
    const pkg = withBase((p) => {
      const flow = at(p.processes, 0);
      flow.object = 'ticket';
      flow.triggers = [{ type: 'manual', roles: ['rep', 'boss'] }];
      at(flow.nodes, 1).stage = 'review';
    });
    expect(summary(run(checkProcessReferences, pkg))).toEqual([
      'config.reference.unknown-object /processes/0/object',
      'config.reference.unknown-role /processes/0/triggers/0/roles/1',
      'config.reference.unknown-stage /processes/0/nodes/1/stage',
    ]);
  });

  describe('user tasks', () => {
    it('accepts roles, queues, user fields, owner and named users as assignees', () => {
      expect(check(node.task('t', { stage: 'open', assignee: { type: 'queue', queue: 'triage' } }))).toEqual([]);
      expect(check(node.task('t', { assignee: { type: 'user', user: 'field:manager' } }))).toEqual([]);
      expect(check(node.task('t', { assignee: { type: 'user', user: 'field:owner' } }))).toEqual([]);
      expect(check(node.task('t', { assignee: { type: 'user', user: 'zhang.wei' } }))).toEqual([]);
    });

    it('reports a bad assignee', () => {
      const diagnostics = run(checkProcessReferences, withNode(node.task('approve', { assignee: { type: 'role', role: 'salesManager' } })));
      expect(summary(diagnostics)).toEqual(['config.reference.unknown-role /processes/0/nodes/1/assignee/role']);
      expect(diagnostics[0]!.message.en).toBe('Role "salesManager" does not exist (assignee of task "approve" in process "flow").');
      expect(check(node.task('t', { assignee: { type: 'queue', queue: 'vip' } }))).toEqual(['config.reference.unknown-queue /processes/0/nodes/1/assignee/queue']);
      expect(check(node.task('t', { assignee: { type: 'user', user: 'field:boss' } }))).toEqual(['config.reference.unknown-field /processes/0/nodes/1/assignee/user']);
      expect(check(node.task('t', { assignee: { type: 'user', user: 'field:name' } }))).toEqual(['config.assignee.not-user-field /processes/0/nodes/1/assignee/user']);
      expect(check(node.task('t', { assignee: { type: 'queue', queue: 'triage' } }), (p) => (at(p.queues, 0).object = 'account'))).toEqual(['config.reference.wrong-object /processes/0/nodes/1/assignee/queue']);
    });

    it('checks the form: exists, is a form, of the process object', () => {
      expect(check(node.task('t', { form: 'opportunityForm' }))).toEqual([]);
      expect(check(node.task('t', { form: 'nope' }))).toEqual(['config.reference.unknown-view /processes/0/nodes/1/form']);
      expect(check(node.task('t', { form: 'opportunities' }))).toEqual(['config.reference.wrong-view-kind /processes/0/nodes/1/form']);
      expect(check(node.task('t', { form: 'accountForm' }), (p) => p.views.push(form('accountForm', 'account', ['name'])))).toEqual(['config.reference.wrong-object /processes/0/nodes/1/form']);
    });

    it('checks editable and locked fields', () => {
      expect(check(node.task('t', { editableFields: ['discount'], lockedFields: ['amount'] }))).toEqual([]);
      expect(check(node.task('t', { editableFields: ['discount', 'margin'], lockedFields: ['amount', 'discount', 'cost'] }))).toEqual([
        'config.reference.unknown-field /processes/0/nodes/1/editableFields/1',
        'config.process.field-editable-and-locked /processes/0/nodes/1/lockedFields/1',
        'config.reference.unknown-field /processes/0/nodes/1/lockedFields/2',
      ]);
      expect(check(node.task('t', { editableFields: ['opportunityCount'] }), (p) => (at(p.processes, 0).object = 'account'))).toEqual(['config.field.read-only /processes/0/nodes/1/editableFields/0']);
    });

    it('checks escalations: outcome, new assignee, recipients', () => {
      const sla = {
        due: 'P1D',
        escalations: [
          { id: 'auto', after: 'P2D', interrupting: true, action: { type: 'takeOutcome', outcome: 'approve' } },
          { id: 'boss', after: 'P3D', action: { type: 'reassign', assignee: { type: 'role', role: 'boss' } } },
          { id: 'tell', after: 'P4D', action: { type: 'notify', recipients: { roles: ['manager', 'ceo'] }, message: text('Late') } },
          { id: 'ok', after: 'P5D', action: { type: 'takeOutcome', outcome: 'done' } },
        ],
      };
      expect(check(node.task('t', { sla }))).toEqual([
        'config.reference.unknown-outcome /processes/0/nodes/1/sla/escalations/0/action/outcome',
        'config.reference.unknown-role /processes/0/nodes/1/sla/escalations/1/action/assignee/role',
        'config.reference.unknown-role /processes/0/nodes/1/sla/escalations/2/action/recipients/roles/1',
      ]);
    });
  });

  describe('actions', () => {
    const action = (steps: unknown[]) => node.action('a', { steps });

    it('accepts writable fields, owner, and a created record with its required fields', () => {
      expect(check(action([{ type: 'setFields', values: { stage: '"won"', owner: 'manager' } }, { type: 'createRecord', object: 'account', values: { name: 'name' } }]))).toEqual([]);
    });

    it('reports unknown and computed fields written, unknown objects created, unknown recipients', () => {
      const steps = [
        { type: 'setFields', values: { stage: '"won"', probability: '0.5', opportunityCount: '1' } },
        { type: 'createRecord', object: 'order', values: { name: 'name' } },
        { type: 'createRecord', object: 'account', values: { name: 'name', opportunityCount: '2', rating: '1' } },
        { type: 'notify', recipients: { roles: ['nobody'] }, message: text('Hi') },
      ];
      expect(check(action(steps))).toEqual([
        'config.reference.unknown-field /processes/0/nodes/1/steps/0/values/probability',
        'config.reference.unknown-field /processes/0/nodes/1/steps/0/values/opportunityCount',
        'config.reference.unknown-object /processes/0/nodes/1/steps/1/object',
        'config.field.read-only /processes/0/nodes/1/steps/2/values/opportunityCount',
        'config.reference.unknown-field /processes/0/nodes/1/steps/2/values/rating',
        'config.reference.unknown-role /processes/0/nodes/1/steps/3/recipients/roles/0',
      ]);
    });

    it('reports a created record that would lack a required field without default', () => {
      const diagnostics = run(
        checkProcessReferences,
        withNode(action([{ type: 'createRecord', object: 'account', values: { tier: '"gold"' } }]), (p) => {
          at(at(p.objects, 0).fields, 0).required = true;
          at(at(p.objects, 0).fields, 1).required = true;
          at(at(p.objects, 0).fields, 1).defaultExpression = '"silver"';
        }),
      );
      expect(summary(diagnostics)).toEqual(['config.action.missing-required /processes/0/nodes/1/steps/0/values']);
      expect(diagnostics[0]!.message.en).toContain('"name"');
    });
  });
});
