import { describe, expect, it } from 'vitest';
import { checkReservedIds } from './reserved-ids.ts';
import { reservedFieldIds } from './names.ts';
import { at, field, run, summary, withBase } from './test-fixtures.ts';

describe('reserved field ids', () => {
  it.each(['id', 'owner', 'orgUnit', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'rowVersion', 'deletedAt', 'user', 'now', 'prev', 'true', 'null', 'in', 'for', 'while', 'namespace'])('refuses "%s"', (id) => {
    const pkg = withBase((p) => at(p.objects, 1).fields.push(field(id)));
    const diagnostics = run(checkReservedIds, pkg);
    expect(summary(diagnostics)).toEqual(['config.id.reserved /objects/1/fields/7/id']);
    expect(diagnostics[0]!.message.en).toContain(`"${id}"`);
  });

  it('covers every CEL reserved word', () => {
    for (const word of 'true false null in as break const continue else for function if import let loop package namespace return var void while'.split(' ')) {
      expect(reservedFieldIds.has(word), word).toBe(true);
    }
  });

  it('accepts ordinary ids, including ones that merely contain a reserved word', () => {
    const pkg = withBase((p) => at(p.objects, 1).fields.push(field('ownerName'), field('nowish'), field('index')));
    expect(run(checkReservedIds, pkg)).toEqual([]);
  });
});
