import { describe, expect, it } from 'vitest';
import { checkExpr } from '../check-expr.ts';
import { createExprEnv } from './create-env.ts';

describe('createExprEnv', () => {
  it('caches on the scope content, not the object', () => {
    const a = createExprEnv({ fields: { amount: 'double', stage: 'string' } });
    const b = createExprEnv({ fields: { stage: 'string', amount: 'double' } });
    const c = createExprEnv({ fields: { stage: 'string', amount: 'double' }, withPrev: true });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('adds the system fields to every scope; a scope field cannot override them', () => {
    const env = createExprEnv({ fields: { owner: 'double' } });
    expect(env.fields).toMatchObject({ id: 'string', owner: 'string', createdAt: 'timestamp', updatedAt: 'timestamp' });
    expect(checkExpr(env, 'owner == user.id && orgUnit in user.units && updatedBy != createdBy')).toMatchObject({ ok: true });
  });

  it('reports field ids that cannot be bare identifiers', () => {
    const env = createExprEnv({ fields: { type: 'string', for: 'string', 'bad-id': 'string', user: 'string', kind: 'string' } });
    expect(env.unavailableFields).toEqual(['bad-id', 'for', 'type', 'user']);
    expect(env.fields).toHaveProperty('kind');
  });
});
