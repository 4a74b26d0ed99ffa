import { describe, expect, it } from 'vitest';
import { checkUniqueIds } from './unique-ids.ts';
import { at, choice, edge, field, form, node, object, role, run, simpleProcess, summary, text, withBase } from './test-fixtures.ts';
import type { UserTaskNode } from '../generated/config.ts';

describe('unique ids', () => {
  it('accepts the base package', () => {
    expect(run(checkUniqueIds, withBase(() => undefined))).toEqual([]);
  });

  it('reports repeated package-level ids at every occurrence, naming the others', () => {
    const pkg = withBase((p) => {
      p.objects.push(object('account', [field('name')]));
      p.roles.push(role('rep'));
      p.processes.push(simpleProcess('review'));
      p.views.push(form('opportunityForm', 'opportunity', ['name']));
      p.queues!.push({ ...at(p.queues, 0) });
      p.navigation!.push({ ...at(p.navigation, 0) });
    });
    const diagnostics = run(checkUniqueIds, pkg);
    expect(summary(diagnostics)).toEqual([
      'config.id.duplicate /objects/0/id',
      'config.id.duplicate /objects/2/id',
      'config.id.duplicate /roles/0/id',
      'config.id.duplicate /roles/2/id',
      'config.id.duplicate /processes/0/id',
      'config.id.duplicate /processes/1/id',
      'config.id.duplicate /views/0/id',
      'config.id.duplicate /views/2/id',
      'config.id.duplicate /queues/0/id',
      'config.id.duplicate /queues/1/id',
      'config.id.duplicate /navigation/0/id',
      'config.id.duplicate /navigation/1/id',
    ]);
    expect(diagnostics[0]!.message.en).toBe('Object id "account" is defined more than once (also at /objects/2/id).');
    expect(diagnostics[1]!.message['zh-CN']).toBe('对象 id "account" 重复定义（另见 /objects/0/id）。');
  });

  it('reports ids repeated inside objects: fields, validation rules, option values', () => {
    const pkg = withBase((p) => {
      const opportunity = at(p.objects, 1);
      opportunity.fields.push(field('amount', 'number'));
      opportunity.fields.push(choice('size', ['s', 'm', 's']));
      const rule = { id: 'positive', expression: 'amount > 0.0', message: text('Positive') };
      opportunity.validations = [rule, { ...rule }];
      at(opportunity.fields, 0).validations = [rule, { ...rule }];
    });
    const diagnostics = run(checkUniqueIds, pkg);
    expect(summary(diagnostics)).toEqual([
      'config.id.duplicate /objects/1/fields/1/id',
      'config.id.duplicate /objects/1/fields/7/id',
      'config.id.duplicate /objects/1/validations/0/id',
      'config.id.duplicate /objects/1/validations/1/id',
      'config.id.duplicate /objects/1/fields/0/validations/0/id',
      'config.id.duplicate /objects/1/fields/0/validations/1/id',
      'config.id.duplicate /objects/1/fields/8/options/0/value',
      'config.id.duplicate /objects/1/fields/8/options/2/value',
    ]);
    expect(diagnostics[0]!.message.en).toContain('in object "opportunity"');
    expect(diagnostics[7]!.message.en).toBe('Option value "s" is defined more than once in field "size" of object "opportunity" (also at /objects/1/fields/8/options/0/value).');
  });

  it('reports ids repeated inside processes, tasks and forms', () => {
    const pkg = withBase((p) => {
      const task = node.task('review', {
        outcomes: [
          { id: 'ok', label: text('OK') },
          { id: 'ok', label: text('OK again') },
        ],
        sla: {
          due: 'P1D',
          escalations: [
            { id: 'late', after: 'P2D', action: { type: 'notify', recipients: { owner: true }, message: text('Late') } },
            { id: 'late', after: 'P3D', action: { type: 'notify', recipients: { owner: true }, message: text('Later') } },
          ],
        },
      }) as UserTaskNode;
      p.processes = [
        {
          ...simpleProcess(),
          stages: [
            { id: 'one', label: text('One') },
            { id: 'one', label: text('One') },
          ],
          nodes: [node.start(), task, node.end(), node.end()],
          edges: [edge('start', 'review'), edge('review', 'end'), edge('review', 'end')],
        },
      ];
      const f = at(p.views, 0);
      if (f.kind === 'form') f.sections.push({ ...at(f.sections, 0) });
    });
    expect(summary(run(checkUniqueIds, pkg))).toEqual([
      'config.id.duplicate /processes/0/nodes/2/id',
      'config.id.duplicate /processes/0/nodes/3/id',
      'config.id.duplicate /processes/0/edges/1/id',
      'config.id.duplicate /processes/0/edges/2/id',
      'config.id.duplicate /processes/0/stages/0/id',
      'config.id.duplicate /processes/0/stages/1/id',
      'config.id.duplicate /processes/0/nodes/1/outcomes/0/id',
      'config.id.duplicate /processes/0/nodes/1/outcomes/1/id',
      'config.id.duplicate /processes/0/nodes/1/sla/escalations/0/id',
      'config.id.duplicate /processes/0/nodes/1/sla/escalations/1/id',
      'config.id.duplicate /views/0/sections/0/id',
      'config.id.duplicate /views/0/sections/1/id',
    ]);
  });

  it('names at most three other places of an id used many times', () => {
    const pkg = withBase((p) => {
      for (let i = 0; i < 5; i++) p.roles.push(role('clone'));
    });
    const diagnostics = run(checkUniqueIds, pkg);
    expect(diagnostics).toHaveLength(5);
    expect(diagnostics[0]!.message.en).toBe('Role id "clone" is defined more than once (also at /roles/3/id, /roles/4/id, /roles/5/id, …).');
  });

  it('lets different kinds and different parents share ids', () => {
    const pkg = withBase((p) => {
      p.roles.push(role('account')); // a role named like an object
      at(p.objects, 0).fields.push(field('amount', 'number')); // a field named like one of another object
    });
    expect(run(checkUniqueIds, pkg)).toEqual([]);
  });
});
