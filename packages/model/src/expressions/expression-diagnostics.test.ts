import { describe, expect, it } from 'vitest';
import { expressionDiagnostics } from './expression-diagnostics.ts';

const site = { path: '/x', en: 'condition of edge "e" in process "p"', zh: '流程 "p" 连线 "e" 的条件' };

describe('expressionDiagnostics', () => {
  it('maps problem codes and keeps ranges inside the source', () => {
    const diagnostics = expressionDiagnostics(site, 'abc', [
      { code: 'expr.parse', message: 'bad', start: 1, end: 2 },
      { code: 'expr.type', message: 'worse', start: 2, end: 99 },
      { code: 'expr.cost', message: 'too long' },
      { code: 'expr.sql-unsupported', message: 'no SQL', start: 0 },
    ]);
    expect(diagnostics.map((d) => [d.code, d.range])).toEqual([
      ['config.expr.parse', { start: 1, end: 2 }],
      ['config.expr.type', { start: 2, end: 3 }],
      ['config.expr.cost', undefined],
      ['config.expr.sql-unsupported', { start: 0, end: 0 }],
    ]);
    expect(diagnostics[0]!.message).toEqual({ en: 'The condition of edge "e" in process "p" has a syntax error: bad.', 'zh-CN': '流程 "p" 连线 "e" 的条件存在语法错误：bad。' });
  });

  it('words result type mismatches in both languages', () => {
    const [d] = expressionDiagnostics(site, 'amount', [{ code: 'expr.result-type', message: 'm', start: 0, end: 6 }], { expected: 'bool', actual: 'double' });
    expect(d!.code).toBe('config.expr.result-type');
    expect(d!.message).toEqual({
      en: 'The condition of edge "e" in process "p" gives a number (double); true/false (bool) is needed here.',
      'zh-CN': '流程 "p" 连线 "e" 的条件结果为数字（double），此处需要布尔值（bool）。',
    });
    const [f] = expressionDiagnostics(site, 'x', [{ code: 'expr.result-type', message: 'm' }], { expected: 'string', code: 'config.formula.result-type' });
    expect(f!.code).toBe('config.formula.result-type');
    expect(f!.message.en).toBe('The condition of edge "e" in process "p" gives another type; text (string) is needed here.');
  });
});
