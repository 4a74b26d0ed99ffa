import { describe, expect, it } from 'vitest';
import { checkFieldReferences } from './field-references.ts';
import type { Field } from '../generated/config.ts';
import { at, field, object, run, summary, withBase } from './test-fixtures.ts';

describe('field references', () => {
  it('accepts the base package', () => {
    expect(run(checkFieldReferences, withBase(() => undefined))).toEqual([]);
  });

  it('reports a reference to an unknown object', () => {
    const pkg = withBase((p) => at(p.objects, 1).fields.push(field('contact', 'reference', { target: 'contact' })));
    const diagnostics = run(checkFieldReferences, pkg);
    expect(summary(diagnostics)).toEqual(['config.reference.unknown-object /objects/1/fields/7/target']);
    expect(diagnostics[0]!.message.en).toBe('Object "contact" does not exist (target of reference field "contact" in object "opportunity").');
  });

  describe('rollups', () => {
    const rollup = (extra: Record<string, unknown>) => withBase((p) => at(p.objects, 0).fields.push(field('r', 'rollup', { from: 'opportunity', via: 'account', function: 'sum', field: 'amount', ...extra })));

    it('accepts count, sum over numbers, min/max over numbers and dates', () => {
      const pkg = withBase((p) =>
        at(p.objects, 0).fields.push(
          field('total', 'rollup', { from: 'opportunity', via: 'account', function: 'sum', field: 'discount' }),
          field('firstClose', 'rollup', { from: 'opportunity', via: 'account', function: 'min', field: 'closeDate' }),
          field('biggest', 'rollup', { from: 'opportunity', via: 'account', function: 'max', field: 'amount' }),
        ),
      );
      expect(run(checkFieldReferences, pkg)).toEqual([]);
    });

    it('reports an unknown from object', () => {
      expect(summary(run(checkFieldReferences, rollup({ from: 'order' })))).toEqual(['config.reference.unknown-object /objects/0/fields/3/from']);
    });

    it('reports an unknown via field and one that does not point back', () => {
      expect(summary(run(checkFieldReferences, rollup({ via: 'parent' })))).toEqual(['config.reference.unknown-field /objects/0/fields/3/via']);
      expect(summary(run(checkFieldReferences, rollup({ via: 'name' })))).toEqual(['config.rollup.via-invalid /objects/0/fields/3/via']);
      const selfRef = withBase((p) => {
        at(p.objects, 1).fields.push(field('parentOpportunity', 'reference', { target: 'opportunity' }));
        at(p.objects, 0).fields.push(field('r', 'rollup', { from: 'opportunity', via: 'parentOpportunity', function: 'count' }));
      });
      expect(summary(run(checkFieldReferences, selfRef))).toEqual(['config.rollup.via-invalid /objects/0/fields/3/via']);
    });

    it('needs a summarised field except for count, of a fitting type', () => {
      expect(summary(run(checkFieldReferences, rollup({ field: undefined })))).toEqual(['config.rollup.field-required /objects/0/fields/3/field']);
      expect(summary(run(checkFieldReferences, rollup({ field: 'nope' })))).toEqual(['config.reference.unknown-field /objects/0/fields/3/field']);
      expect(summary(run(checkFieldReferences, rollup({ field: 'closeDate' })))).toEqual(['config.rollup.field-type /objects/0/fields/3/field']);
      expect(summary(run(checkFieldReferences, rollup({ function: 'max', field: 'stage' })))).toEqual(['config.rollup.field-type /objects/0/fields/3/field']);
      expect(run(checkFieldReferences, rollup({ function: 'count', field: undefined }))).toEqual([]);
    });
  });

  describe('title field', () => {
    it('must exist', () => {
      const pkg = withBase((p) => (at(p.objects, 0).titleField = 'title'));
      expect(summary(run(checkFieldReferences, pkg))).toEqual(['config.reference.unknown-field /objects/0/titleField']);
    });

    it.each(['text', 'email', 'phone'])('may be a %s field', (type) => {
      const pkg = withBase((p) => p.objects.push(object('thing', [field('title', type as Field['type'])])));
      expect(run(checkFieldReferences, pkg)).toEqual([]);
    });

    it('may be an auto-number or a text formula', () => {
      const pkg = withBase((p) => {
        p.objects.push(object('ticket', [field('number', 'autoNumber', { format: 'T-{0000}' })]));
        p.objects.push(object('deal', [field('title', 'formula', { expression: '"x"', resultType: 'text' })]));
      });
      expect(run(checkFieldReferences, pkg)).toEqual([]);
    });

    it.each([
      ['number', {}],
      ['choice', { options: [{ value: 'a', label: { en: 'A' } }] }],
      ['formula', { expression: '1.0', resultType: 'number' }],
      ['longText', {}],
    ])('may not be a %s field', (type, extra) => {
      const pkg = withBase((p) => p.objects.push(object('thing', [field('title', type as Field['type'], extra)])));
      const diagnostics = run(checkFieldReferences, pkg);
      expect(summary(diagnostics)).toEqual(['config.object.title-field-type /objects/2/titleField']);
    });
  });
});
