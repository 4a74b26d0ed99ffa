import { describe, expect, it } from 'vitest';
import { checkLabels } from './labels.ts';
import { at, basePackage, choice, edge, field, node, process, run, summary, text, withBase } from './test-fixtures.ts';
import type { ConfigPackage, LocalizedText } from '../generated/config.ts';

/** Every LocalizedText in a package, found by shape (fine for fixtures without `en` map keys). */
function countTexts(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + countTexts(item), 0);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.en === 'string' && Object.keys(record).every((k) => k === 'en' || k === 'zh-CN')) return 1;
    return Object.values(record).reduce((n: number, item) => n + countTexts(item), 0);
  }
  return 0;
}

/** Removes zh-CN from every text. */
function englishOnly(value: unknown): void {
  if (Array.isArray(value)) value.forEach(englishOnly);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.en === 'string') delete (record as Partial<LocalizedText>)['zh-CN'];
    else Object.values(record).forEach(englishOnly);
  }
}

/** A package with a LocalizedText in every place the schema allows one. */
function everyText(): ConfigPackage {
  return withBase((p) => {
    p.description = text('Description');
    const account = at(p.objects, 0);
    account.pluralLabel = text('Accounts');
    account.validations = [{ id: 'v', expression: 'true', message: text('Message') }];
    account.fields.push(field('ref', 'reference', { target: 'account', helpText: text('Help'), relatedListLabel: text('Children'), validations: [{ id: 'v', expression: 'true', message: text('M') }] }));
    account.fields.push(choice('size', ['s']), field('tags', 'multiChoice', { options: [{ value: 'a', label: text('A') }] }));
    at(p.roles, 0).description = text('Role description');
    p.processes = [
      process(
        'flow',
        [
          node.start(),
          node.task('t', {
            label: text('Task'),
            description: text('Task description'),
            instructions: text('Do it'),
            sla: { due: 'P1D', escalations: [{ id: 'e', after: 'P1D', action: { type: 'notify', recipients: { owner: true }, message: text('Late') } }] },
          }),
          node.action('a'),
          node.end(),
        ],
        [edge('start', 't', { label: text('Go') }), edge('t', 'a'), edge('a', 'end')],
        { description: text('Flow'), stages: [{ id: 's', label: text('Stage') }], triggers: [{ type: 'manual', label: text('Start') }] },
      ),
    ];
    at(p.queues, 0).description = text('Queue description');
    p.navigation = [{ id: 'menu', roles: ['rep'], items: [{ type: 'view', view: 'opportunities', label: text('Mine') }, { type: 'inbox', label: text('Inbox') }, { type: 'group', label: text('Group'), items: [{ type: 'inbox', label: text('Inbox 2') }] }] }];
  });
}

describe('labels', () => {
  it('accepts texts with zh-CN', () => {
    expect(run(checkLabels, basePackage())).toEqual([]);
    expect(run(checkLabels, everyText())).toEqual([]);
  });

  it('warns once per text without zh-CN, at the text, in every place the schema has one', () => {
    const pkg = everyText();
    englishOnly(pkg);
    const diagnostics = run(checkLabels, pkg);
    expect(diagnostics).toHaveLength(countTexts(pkg));
    expect(diagnostics.every((d) => d.code === 'config.label.missing-locale' && d.severity === 'warning')).toBe(true);
    expect(summary(diagnostics)).toContain('config.label.missing-locale /processes/0/nodes/1/sla/escalations/0/action/message');
    expect(summary(diagnostics)).toContain('config.label.missing-locale /navigation/0/items/2/items/0/label');
    expect(diagnostics[0]!.message.en).toBe('The text "Test" has no Simplified Chinese (zh-CN) version (/name).');
  });

  it('does not take a setFields value map with a key "en" for a text', () => {
    const pkg = withBase((p) => {
      at(p.objects, 1).fields.push(field('en'));
      p.processes = [process('flow', [node.start(), node.action('a', { steps: [{ type: 'setFields', values: { en: '"x"' } }] }), node.end()], [edge('start', 'a'), edge('a', 'end')])];
    });
    expect(run(checkLabels, pkg)).toEqual([]);
  });
});
