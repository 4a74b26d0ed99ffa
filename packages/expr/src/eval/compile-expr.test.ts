import { describe, expect, it } from 'vitest';
import { createExprEnv } from '../env/create-env.ts';
import { ExprError } from '../expr-error.ts';
import { SAMPLE_SCOPE, SAMPLE_USER } from '../testing/sample-scope.ts';
import type { ExprVars } from '../types.ts';
import { compileExpr } from './compile-expr.ts';

const env = createExprEnv(SAMPLE_SCOPE);
const now = new Date('2024-05-10T15:30:00Z');
const record = {
  amount: 5000,
  stage: 'won',
  qty: 3,
  tags: ['a', 'b'],
  closeDate: '2024-05-01',
  active: true,
  owner: 'u1',
  orgUnit: 'eu',
  createdAt: new Date('2024-01-01T08:00:00Z'),
};
const vars: ExprVars = { record, user: SAMPLE_USER, now };
const run = (source: string, v: ExprVars = vars) => compileExpr(env, source).evaluate(v);

describe('evaluate', () => {
  it.each<[string, unknown]>([
    ['amount > 1000 && stage == "won"', true],
    ['amount > 10000', false],
    ['amount == 5000', true],
    ['5000 == amount', true],
    ['qty + amount', 5003],
    ['amount / 2', 2500],
    ['qty * 2', 6],
    ['qty / 2', 1],
    ['amount > qty', true],
    ['stage in ["won", "lost"]', true],
    ['qty in [1.5, 3.0]', true],
    ['amount in [5000, 6000]', true],
    ['"a" in tags', true],
    ['orgUnit in user.units', true],
    ['owner == user.id', true],
    ['user.username + "@" + user.orgUnit', 'ann@eu'],
    ['stage.startsWith("w") && stage.endsWith("n") && stage.contains("o")', true],
    ['stage.matches("^w.n$")', true],
    ['size(tags) == 2 && size(stage) == 3', true],
    ['tags.exists(t, t == "b") && tags.all(t, size(t) == 1)', true],
    ['tags.filter(t, t != "a")', ['b']],
    ['stage == "won" ? "yes" : "no"', 'yes'],
    ['stage == "won" ? amount : 0', 5000],
    ['stage == "lost" ? amount : 0', 0],
    ['stage == "lost" ? amount : null', null],
    ['active ? qty : 1.5', 3],
    ['active ? -2 : amount', -2],
  ])('%s → %j', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  it('returns plain JS values', () => {
    expect(run('qty')).toBe(3);
    expect(run('closeDate')).toEqual(new Date('2024-05-01T00:00:00Z'));
    expect(run('[1, 2]')).toEqual([1, 2]);
    expect(typeof run('9223372036854775807')).toBe('bigint');
  });

  it('accepts bigint, number and numeric text for int and double fields', () => {
    const c = compileExpr(env, 'qty * 2 + amount');
    expect(c.evaluate({ record: { qty: 2n, amount: '0.5' } })).toBe(4.5);
    expect(c.evaluate({ record: { qty: 2, amount: 1n } })).toBe(5);
  });
});

describe('library functions', () => {
  it.each<[string, unknown]>([
    ['today()', new Date('2024-05-10T00:00:00Z')],
    ['daysBetween(createdAt, now)', 130],
    ['daysBetween(now, createdAt)', -130],
    ['addDays(closeDate, -1)', new Date('2024-04-30T00:00:00Z')],
    ['addMonths(timestamp("2024-01-31T10:00:00Z"), 1)', new Date('2024-02-29T10:00:00Z')],
    ['lower("ÉCOLE Zürich")', 'école zürich'],
    ['upper("straße")', 'STRAßE'],
    ['trim("\u3000 中文 ")', '中文'],
    ['isBlank(" \u3000")', true],
    ['isBlank("x")', false],
    ['isNull(amount)', false],
    ['orElse(amount, 0.0)', 5000],
    ['round(2.345, 2)', 2.35],
    ['round(-2.5)', -3],
    ['abs(-2.5) + double(abs(-2))', 4.5],
    ['min(amount, 10)', 10],
    ['max(qty, 10)', 10],
    ['max(2.5, 1)', 2.5],
  ])('%s → %j', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  it('uses vars.now as the clock, else the real clock', () => {
    const c = compileExpr(env, 'today()');
    const real = c.evaluate({ record: {} }) as Date;
    expect(Math.abs(real.getTime() - Date.now())).toBeLessThan(86_400_000);
    expect(compileExpr(env, 'now').evaluate({ record: {}, now })).toEqual(now);
  });
});

describe('null semantics', () => {
  const empty: ExprVars = { record: {} };
  it.each<[string, unknown]>([
    ['amount == null', true],
    ['amount != null', false],
    ['isNull(amount)', true],
    ['orElse(amount, 0.0)', 0],
    ['orElse(stage, "none")', 'none'],
    ['amount > 1000', false],
    ['amount < 1000', false],
    ['!(amount > 1000)', true],
    ['amount > 1000 || stage == null', true],
    ['amount + 1.0', null],
    ['amount + 1.0 > 0', false],
    ['stage == "won"', false],
    ['stage != "won"', true],
    ['stage.startsWith("w")', false],
    ['!stage.startsWith("w")', true],
    ['lower(stage)', null],
    ['isBlank(stage)', true],
    ['stage in ["a"]', false],
    ['"a" in tags', false],
    ['size(tags) > 0', false],
    ['tags.exists(t, t == "a")', false],
    ['daysBetween(closeDate, now) > 1', false],
    ['active', null],
    ['!active', true],
    ['active ? 1 : 2', 2],
    ['active && true', false],
    ['user.id == owner', true],
    ['orgUnit in user.units', false],
    ['extra == null', true],
    ['tags.all(t, t == "a")', false],
    ['tags.map(t, t + "!")', null],
    ['tags.filter(t, t == "a")', null],
  ])('%s → %j', (source, expected) => {
    expect(run(source, empty)).toEqual(expected);
  });

  it('treats undefined and null alike, and a missing record as empty', () => {
    expect(run('amount == null', { record: { amount: undefined } })).toBe(true);
    expect(run('stage == null', {} as ExprVars)).toBe(true);
  });

  it('test() matches only true', () => {
    const c = compileExpr(env, 'active');
    expect(c.test({ record: { active: true } })).toBe(true);
    expect(c.test({ record: { active: null } })).toBe(false);
    expect(c.test({ record: { active: false } })).toBe(false);
  });

  it('reads prev fields as null when there is no previous record', () => {
    const withPrev = createExprEnv({ ...SAMPLE_SCOPE, withPrev: true });
    const c = compileExpr(withPrev, 'prev.stage != stage');
    expect(c.evaluate({ record: { stage: 'won' }, prev: { stage: 'open' } })).toBe(true);
    expect(c.evaluate({ record: { stage: 'won' }, prev: { stage: 'won' } })).toBe(false);
    expect(c.evaluate({ record: { stage: 'won' } })).toBe(true);
  });
});

describe('errors', () => {
  it('compileExpr throws ExprError with the problems', () => {
    expect(() => compileExpr(env, 'amount +')).toThrow(ExprError);
    try {
      compileExpr(env, 'nope == 1');
    } catch (e) {
      expect((e as ExprError).problems).toEqual([{ code: 'expr.type', message: 'Unknown variable: nope', start: 0, end: 4 }]);
    }
  });

  it('evaluate throws ExprError for bad data and runtime failures', () => {
    expect(() => run('stage == "x"', { record: { stage: 42 } })).toThrow("the value of 'stage' must be text, got a number");
    const e = (() => {
      try {
        run('qty / 0 > 1');
      } catch (error) {
        return error as ExprError;
      }
    })();
    expect(e).toBeInstanceOf(ExprError);
    expect(e?.code).toBe('expr.eval');
    expect(e?.problems[0]).toMatchObject({ message: 'division by zero', start: 0, end: 7 });
  });

  it('caches compiled expressions per env', () => {
    expect(compileExpr(env, 'amount > 1')).toBe(compileExpr(env, 'amount > 1'));
  });
});
