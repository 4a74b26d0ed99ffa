import { describe, expect, it } from 'vitest';
import { checkProcessExpressions } from './process-expressions.ts';
import { at, edge, node, process, run, summary, withBase } from './test-fixtures.ts';
import type { Node, Process } from '../generated/config.ts';

const flow = (nodes: Node[], extra: Partial<Process> = {}) =>
  withBase((p) => {
    const ids = nodes.map((n) => n.id);
    const chain = ['start', ...ids, 'end'];
    p.processes = [process('flow', [node.start(), ...nodes, node.end()], chain.slice(1).map((to, i) => edge(chain[i]!, to)), extra)];
  });
const check = (nodes: Node[], extra: Partial<Process> = {}) => summary(run(checkProcessExpressions, flow(nodes, extra)));

describe('process expressions', () => {
  it('accepts expressions that fit', () => {
    const nodes = [
      node.task('t', { assignee: { type: 'expression', expression: 'amount > 1000.0 ? manager : owner' }, sla: { dueExpression: 'addDays(closeDate, -3)', escalations: [{ id: 'e', after: 'P1D', action: { type: 'reassign', assignee: { type: 'expression', expression: 'owner' } } }] } }),
      node.timer('w', { until: 'addDays(closeDate, 7)' }),
      node.action('a', {
        steps: [
          { type: 'setFields', values: { stage: '"won"', amount: 'amount * 2.0', owner: 'manager', closeDate: 'today()' } },
          { type: 'createRecord', object: 'account', values: { name: 'name + " account"', tier: '"gold"' } },
          { type: 'webhook', url: 'https://erp.example.com/hook', payload: { total: 'amount', when: 'now', tags: '[stage]' } },
        ],
      }),
    ];
    const triggers: Process['triggers'] = [
      { type: 'onCreate', condition: 'amount > 0.0' },
      { type: 'onUpdate', condition: 'stage == "won" && prev.stage != "won"' },
      { type: 'manual', condition: 'stage != "lost"' },
      { type: 'scheduled', cron: '0 8 * * 1', filter: 'closeDate < now' },
    ];
    expect(check(nodes, { triggers })).toEqual([]);
  });

  it('checks trigger conditions, with prev only in update triggers, and scheduled filters in SQL', () => {
    const triggers: Process['triggers'] = [
      { type: 'onCreate', condition: 'prev.amount > 0.0' },
      { type: 'onUpdate', condition: 'amount' },
      { type: 'scheduled', cron: '0 8 * * 1', filter: 'name.matches("x")' },
    ];
    expect(check([node.task('t')], { triggers })).toEqual([
      'config.expr.type /processes/0/triggers/0/condition',
      'config.expr.result-type /processes/0/triggers/1/condition',
      'config.expr.sql-unsupported /processes/0/triggers/2/filter',
    ]);
  });

  it('checks edge conditions', () => {
    const pkg = flow([node.task('t')]);
    at(at(pkg.processes, 0).edges, 1).condition = 'amount + 1.0';
    const diagnostics = run(checkProcessExpressions, pkg);
    expect(summary(diagnostics)).toEqual(['config.expr.result-type /processes/0/edges/1/condition']);
    expect(diagnostics[0]!.message.en).toBe('The condition of edge "t_end" in process "flow" gives a number (double); true/false (bool) is needed here.');
  });

  it('checks assignee, due time and timer types', () => {
    const nodes = [
      node.task('t', { assignee: { type: 'expression', expression: 'amount' }, sla: { dueExpression: 'name' } }),
      node.timer('w', { until: 'amount' }),
    ];
    expect(check(nodes)).toEqual([
      'config.expr.result-type /processes/0/nodes/1/assignee/expression',
      'config.expr.result-type /processes/0/nodes/1/sla/dueExpression',
      'config.expr.result-type /processes/0/nodes/2/until',
    ]);
  });

  it('checks written values against the target field, created records over the source record', () => {
    const nodes = [
      node.action('a', {
        steps: [
          { type: 'setFields', values: { amount: '"lots"', owner: '1', ghost: 'anything' } },
          { type: 'createRecord', object: 'account', values: { name: 'tier', tier: 'amount' } },
          { type: 'webhook', url: 'https://erp.example.com/hook', payload: { bad: 'amount +' } },
        ],
      }),
    ];
    expect(check(nodes)).toEqual([
      'config.expr.result-type /processes/0/nodes/1/steps/0/values/amount',
      'config.expr.result-type /processes/0/nodes/1/steps/0/values/owner',
      'config.expr.type /processes/0/nodes/1/steps/0/values/ghost',
      // "tier" is not a field of opportunity (the source): the value is computed over the process record
      'config.expr.type /processes/0/nodes/1/steps/1/values/name',
      'config.expr.result-type /processes/0/nodes/1/steps/1/values/tier',
      'config.expr.parse /processes/0/nodes/1/steps/2/payload/bad',
    ]);
  });

  it('skips a process on an unknown object', () => {
    expect(check([node.task('t', { assignee: { type: 'expression', expression: '???' } })], { object: 'ghost' })).toEqual([]);
  });
});
