import { describe, expect, it } from 'vitest';
import { checkFormulaCycles } from './formula-cycles.ts';
import { at, field, run, summary, withBase } from './test-fixtures.ts';
import type { Field } from '../generated/config.ts';

const formula = (id: string, expression: string): Field => field(id, 'formula', { expression, resultType: 'number' });
const check = (...fields: Field[]) => run(checkFormulaCycles, withBase((p) => at(p.objects, 1).fields.push(...fields)));

describe('formula cycles', () => {
  it('accepts formulas built on formulas', () => {
    expect(check(formula('net', 'amount * (1.0 - discount)'), formula('tax', 'net * 0.1'), formula('gross', 'net + tax'))).toEqual([]);
  });

  it('reports a formula that uses itself', () => {
    const diagnostics = check(formula('again', 'again + 1.0'));
    expect(summary(diagnostics)).toEqual(['config.formula.cycle /objects/1/fields/7/expression']);
    expect(diagnostics[0]!.message.en).toBe('Formula fields of object "opportunity" depend on each other in a cycle: "again" → "again".');
  });

  it('reports a cycle through several formulas once, listing it', () => {
    const diagnostics = check(formula('a', 'b + 1.0'), formula('b', 'c * 2.0'), formula('c', 'a - amount'), formula('d', 'a + 1.0'));
    expect(summary(diagnostics)).toEqual(['config.formula.cycle /objects/1/fields/7/expression']);
    expect(diagnostics[0]!.message.en).toContain('"a" → "b" → "c" → "a"');
    expect(diagnostics[0]!.message['zh-CN']).toContain('循环依赖');
  });

  it('ignores formulas that do not type-check (reported elsewhere)', () => {
    expect(check(formula('a', 'a +'))).toEqual([]);
  });
});
