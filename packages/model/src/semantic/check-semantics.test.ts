import { describe, expect, it } from 'vitest';
import { validateSchema } from '../schema/validate-schema.ts';
import { validatePackage } from '../validate-package.ts';
import type { ConfigPackage } from '../generated/config.ts';
import { checkSemantics } from './check-semantics.ts';
import { at, basePackage, summary, withBase } from './test-fixtures.ts';

describe('checkSemantics', () => {
  it('finds nothing wrong with the base fixture, which is schema-valid', () => {
    const pkg = basePackage();
    expect(validateSchema(pkg)).toEqual([]);
    expect(checkSemantics(pkg)).toEqual([]);
  });

  it('reports problems of several families together, each with a bilingual message', () => {
    const pkg = withBase((p) => {
      at(p.roles, 0).inherits = ['ghost'];
      at(p.objects, 0).label = { en: 'Account' };
    });
    expect(validateSchema(pkg)).toEqual([]);
    const diagnostics = checkSemantics(pkg);
    expect(summary(diagnostics)).toEqual(['config.reference.unknown-role /roles/0/inherits/0', 'config.label.missing-locale /objects/0/label']);
    for (const d of diagnostics) {
      expect(d.message.en).toMatch(/\S/);
      expect(d.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(validatePackage(pkg).valid).toBe(false);
  });

  it('never throws, even on input that is not schema-valid', () => {
    const broken = [
      {},
      { objects: null, roles: 3, processes: 'x', views: {} },
      { objects: [{ id: 'a', fields: [null] }], roles: [{}], processes: [{ nodes: [{}], edges: [{}] }], views: [{ kind: 'form' }] },
    ] as unknown as ConfigPackage[];
    for (const pkg of broken) {
      expect(() => checkSemantics(pkg)).not.toThrow();
      for (const d of checkSemantics(pkg)) expect(d.code).toMatch(/^(config|internal)\./);
    }
  });
});
