import { describe, expect, it } from 'vitest';
import { checkExpressionNames } from './expression-names.ts';
import { at, field, run, summary, withBase } from './test-fixtures.ts';

describe('field names unavailable in expressions', () => {
  it('accepts ordinary names', () => {
    expect(run(checkExpressionNames, withBase(() => undefined))).toEqual([]);
  });

  it('warns about a field named like a built-in of the expression language', () => {
    const diagnostics = run(checkExpressionNames, withBase((p) => at(p.objects, 0).fields.push(field('type'), field('int', 'number'))));
    expect(summary(diagnostics).sort()).toEqual(['config.id.expression-unavailable /objects/0/fields/3/id', 'config.id.expression-unavailable /objects/0/fields/4/id']);
    expect(diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    expect(diagnostics.find((d) => d.path.endsWith('/3/id'))!.message.en).toContain('Rename it (for example "accountType")');
  });

  it('leaves reserved ids to the reserved-id check', () => {
    expect(run(checkExpressionNames, withBase((p) => at(p.objects, 0).fields.push(field('for'), field('now'))))).toEqual([]);
  });
});
