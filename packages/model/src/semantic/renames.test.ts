import { describe, expect, it } from 'vitest';
import { checkRenames } from './renames.ts';
import { at, field, run, summary, withBase } from './test-fixtures.ts';

describe('renamedFrom', () => {
  it('accepts a rename from an id that is gone', () => {
    const pkg = withBase((p) => {
      at(p.objects, 0).renamedFrom = 'customer';
      at(at(p.objects, 1).fields, 0).renamedFrom = 'title';
    });
    expect(run(checkRenames, pkg)).toEqual([]);
  });

  it('refuses a rename from an id still in use by another object or field', () => {
    const pkg = withBase((p) => {
      at(p.objects, 0).renamedFrom = 'opportunity';
      at(at(p.objects, 1).fields, 1).renamedFrom = 'name';
    });
    const diagnostics = run(checkRenames, pkg);
    expect(summary(diagnostics)).toEqual(['config.id.rename-conflict /objects/0/renamedFrom', 'config.id.rename-conflict /objects/1/fields/1/renamedFrom']);
    expect(diagnostics[1]!.message.en).toBe('Field "amount" is renamed from "name", but another field still has the id "name" in object "opportunity".');
  });

  it('refuses two renames from the same id', () => {
    const pkg = withBase((p) => {
      const fields = at(p.objects, 1).fields;
      at(fields, 0).renamedFrom = 'old';
      fields.push(field('other', 'text', { renamedFrom: 'old' }));
    });
    expect(summary(run(checkRenames, pkg))).toEqual(['config.id.rename-conflict /objects/1/fields/7/renamedFrom']);
  });

  it('only compares ids of the same kind and parent', () => {
    const pkg = withBase((p) => {
      at(at(p.objects, 0).fields, 0).renamedFrom = 'amount'; // a field of opportunity, not of account
      at(p.objects, 0).renamedFrom = 'name'; // a field id, not an object id
    });
    expect(run(checkRenames, pkg)).toEqual([]);
  });
});
