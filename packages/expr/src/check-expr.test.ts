import { describe, expect, it } from 'vitest';
import { checkExpr } from './check-expr.ts';
import { createExprEnv } from './env/create-env.ts';
import { SAMPLE_SCOPE } from './testing/sample-scope.ts';

const env = createExprEnv(SAMPLE_SCOPE);
const prevEnv = createExprEnv({ ...SAMPLE_SCOPE, withPrev: true });

describe('checkExpr types', () => {
  it.each([
    ['amount > 10000 && stage == "won"', 'bool'],
    ['amount * 2', 'double'],
    ['qty + amount', 'double'],
    ['qty * 2', 'int'],
    ['orElse(amount, 0)', 'double'],
    ['orElse(qty, 0)', 'int'],
    ['stage == "won" ? amount : 0', 'double'],
    ['stage == "won" ? amount : null', 'double'],
    ['active ? null : "x"', 'string'],
    ['active ? qty : 1.5', 'double'],
    ['active ? (qty > 1 ? 1 : amount) : null', 'double'],
    ['today()', 'timestamp'],
    ['addDays(createdAt, 30)', 'timestamp'],
    ['daysBetween(createdAt, now)', 'int'],
    ['user.roles', 'list<string>'],
    ['tags.map(t, upper(t))', 'list<string>'],
    ['size(tags)', 'int'],
    ['round(amount / 3.0, 2)', 'double'],
    ['null', 'null'],
  ])('%s : %s', (source, type) => {
    expect(checkExpr(env, source)).toMatchObject({ ok: true, type });
  });

  it('accepts null checks on every type', () => {
    for (const f of ['amount', 'stage', 'qty', 'tags', 'closeDate', 'active', 'extra', 'user.orgUnit']) {
      for (const src of [`${f} == null`, `${f} != null`, `null == ${f}`, `isNull(${f})`]) {
        expect(checkExpr(env, src), src).toMatchObject({ ok: true, type: 'bool' });
      }
    }
  });

  it('lists the record fields referenced, system fields included', () => {
    const r = checkExpr(env, 'owner == user.id && amount > 5 && tags.exists(t, t == stage) && now > createdAt');
    expect(r).toEqual({ ok: true, type: 'bool', identifiers: ['amount', 'createdAt', 'owner', 'stage', 'tags'] });
  });

  it('knows prev only with withPrev', () => {
    expect(checkExpr(prevEnv, 'prev.amount != amount')).toMatchObject({ ok: true, identifiers: ['amount'] });
    expect(checkExpr(env, 'prev.amount != amount')).toMatchObject({ ok: false, problems: [{ code: 'expr.type' }] });
  });
});

describe('checkExpr problems', () => {
  it('reports parse errors with a range', () => {
    expect(checkExpr(env, 'amount >')).toEqual({
      ok: false,
      problems: [{ code: 'expr.parse', message: 'Unexpected token: EOF', start: 8, end: 8 }],
    });
    expect(checkExpr(env, '')).toMatchObject({ ok: false, problems: [{ code: 'expr.parse' }] });
  });

  it('reports unknown identifiers and type errors with the range of the culprit', () => {
    expect(checkExpr(env, 'stage == "x" && amunt > 1')).toEqual({
      ok: false,
      problems: [{ code: 'expr.type', message: 'Unknown variable: amunt', start: 16, end: 21 }],
    });
    const r = checkExpr(env, 'amount + "x" > 1');
    expect(r).toMatchObject({ ok: false, problems: [{ code: 'expr.type', start: 0, end: 12 }] });
    expect(checkExpr(env, 'lower(amount)')).toMatchObject({ ok: false, problems: [{ code: 'expr.type' }] });
  });

  it('checks the result type against the expected type', () => {
    expect(checkExpr(env, 'qty', 'double')).toMatchObject({ ok: true, type: 'int' });
    expect(checkExpr(env, 'amount', 'bool')).toEqual({
      ok: false,
      problems: [{ code: 'expr.result-type', message: 'the expression gives double but bool is expected', start: 0, end: 6 }],
    });
    expect(checkExpr(env, 'amount', 'int')).toMatchObject({ ok: false, problems: [{ code: 'expr.result-type' }] });
    expect(checkExpr(env, 'tags', 'list<string>')).toMatchObject({ ok: true });
    expect(checkExpr(env, 'closeDate', 'timestamp')).toMatchObject({ ok: true });
  });

  it('refuses a comprehension variable that hides a field', () => {
    expect(checkExpr(env, 'tags.exists(stage, stage == "x")')).toMatchObject({
      ok: false,
      problems: [{ code: 'expr.type', start: 12, end: 17 }],
    });
  });

  it('never throws, even for a foreign env or non-text source', () => {
    expect(checkExpr({} as never, 'true')).toMatchObject({ ok: false });
    expect(checkExpr(env, 42 as never)).toMatchObject({ ok: false, problems: [{ code: 'expr.parse' }] });
  });
});
