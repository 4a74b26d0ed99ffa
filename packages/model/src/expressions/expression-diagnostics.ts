import type { CelType, ExprProblem } from '@mainline/expr';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';

/** Where an expression is, for diagnostics: the pointer to the expression string and what it is. */
export interface ExpressionSite {
  path: string;
  /** e.g. `condition of edge "e1" in process "p"` */
  en: string;
  /** e.g. `流程 "p" 连线 "e1" 的条件` */
  zh: string;
}

const codes: Record<ExprProblem['code'], string> = {
  'expr.parse': 'config.expr.parse',
  'expr.type': 'config.expr.type',
  'expr.cost': 'config.expr.cost',
  'expr.sql-unsupported': 'config.expr.sql-unsupported',
  'expr.result-type': 'config.expr.result-type',
  'expr.eval': 'config.expr.type',
};

const kindsEn: Record<string, string> = {
  'config.expr.parse': 'has a syntax error',
  'config.expr.type': 'has a type error',
  'config.expr.cost': 'is too complex',
  'config.expr.sql-unsupported': 'cannot run in the database',
};

const kindsZh: Record<string, string> = {
  'config.expr.parse': '存在语法错误',
  'config.expr.type': '存在类型错误',
  'config.expr.cost': '过于复杂',
  'config.expr.sql-unsupported': '无法在数据库中执行',
};

/** Human names of CEL types, in both languages. */
const typeNames: Record<string, [string, string]> = {
  string: ['text (string)', '文本（string）'],
  int: ['an integer (int)', '整数（int）'],
  double: ['a number (double)', '数字（double）'],
  bool: ['true/false (bool)', '布尔值（bool）'],
  timestamp: ['a point in time (timestamp)', '时间（timestamp）'],
  'list<string>': ['a list of text (list<string>)', '文本列表（list<string>）'],
  null: ['null', 'null'],
};

function typeName(type: string, zh: boolean): string {
  const names = typeNames[type];
  return names ? names[zh ? 1 : 0] : type;
}

export interface ResultTypeMismatch {
  /** The type the expression gives, when known. */
  actual?: string;
  /** What the context needs, e.g. `bool`, or a description such as `int or double`. */
  expected: CelType | 'number';
  /** The code to use instead of config.expr.result-type (formulas use config.formula.result-type). */
  code?: string;
}

/** Diagnostics for the problems of one expression; ranges are 0-based offsets into the string at `site.path`. */
export function expressionDiagnostics(site: ExpressionSite, source: string, problems: readonly ExprProblem[], mismatch?: ResultTypeMismatch): Diagnostic[] {
  return problems.map((problem) => {
    const range = problemRange(problem, source.length);
    if (problem.code === 'expr.result-type') return resultTypeDiagnostic(site, mismatch, problem, range);
    const code = codes[problem.code] ?? 'config.expr.type';
    return diagnostic(
      code,
      site.path,
      `The ${site.en} ${kindsEn[code] ?? 'is wrong'}: ${problem.message}.`,
      `${site.zh}${kindsZh[code] ?? '有误'}：${problem.message}。`,
      'error',
      range,
    );
  });
}

function resultTypeDiagnostic(site: ExpressionSite, mismatch: ResultTypeMismatch | undefined, problem: ExprProblem, range: Diagnostic['range']): Diagnostic {
  const code = mismatch?.code ?? 'config.expr.result-type';
  if (!mismatch) return diagnostic(code, site.path, `The ${site.en} gives the wrong type: ${problem.message}.`, `${site.zh}的结果类型不正确：${problem.message}。`, 'error', range);
  const expectedEn = mismatch.expected === 'number' ? 'a number (int or double)' : typeName(mismatch.expected, false);
  const expectedZh = mismatch.expected === 'number' ? '数值（int 或 double）' : typeName(mismatch.expected, true);
  const actualEn = mismatch.actual ? `gives ${typeName(mismatch.actual, false)}` : 'gives another type';
  const actualZh = mismatch.actual ? `结果为${typeName(mismatch.actual, true)}` : '结果类型不符';
  return diagnostic(code, site.path, `The ${site.en} ${actualEn}; ${expectedEn} is needed here.`, `${site.zh}${actualZh}，此处需要${expectedZh}。`, 'error', range);
}

function problemRange(problem: ExprProblem, length: number): Diagnostic['range'] {
  if (problem.start === undefined) return undefined;
  const start = Math.max(0, Math.min(problem.start, length));
  const end = Math.max(start, Math.min(problem.end ?? start, length));
  return { start, end };
}
