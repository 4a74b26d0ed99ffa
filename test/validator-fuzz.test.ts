import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validatePackage, type Diagnostic } from '@mainline/model';
import { loadTemplate, templateIds } from '@mainline/templates';

// Bad input: the validator never throws, and every mutation that breaks a rule gets a diagnostic
// at (or around) the place it broke.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Slot { pointer: string; parent: Json[] | { [key: string]: Json }; key: string | number; value: Json }

const referenceKeys = new Set(['target', 'from', 'to', 'via', 'object', 'role', 'queue', 'view', 'form', 'stage', 'titleField', 'defaultEdge', 'field', 'groupBy', 'sumField', 'outcome']);
const referenceListKeys = new Set(['inherits', 'roles', 'cardFields', 'editableFields', 'lockedFields', 'defaultForRoles']);
const expressionKeys = new Set(['expression', 'condition', 'filter', 'visibleWhen', 'requiredWhen', 'readOnlyWhen', 'defaultExpression', 'priority', 'until', 'dueExpression']);
const brokenExpressions = ['amount >', '(', 'noSuchField_zz == 1', '"a" * 2', 'size(', '1 +* 2'];

function slots(root: Json): Slot[] {
  const out: Slot[] = [];
  const walk = (node: Json, pointer: string) => {
    if (Array.isArray(node)) node.forEach((v, i) => { out.push({ pointer: `${pointer}/${i}`, parent: node, key: i, value: v }); walk(v, `${pointer}/${i}`); });
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$schema') continue;
        const p = `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        out.push({ pointer: p, parent: node, key: k, value: v });
        walk(v, p);
      }
    }
  };
  walk(root, '');
  return out;
}

const parentKey = (s: Slot, all: Slot[]) => {
  const parentPointer = s.pointer.slice(0, s.pointer.lastIndexOf('/'));
  return all.find((x) => x.pointer === parentPointer)?.key;
};

const related = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

function expectDiagnosed(diagnostics: Diagnostic[], pointer: string, what: string) {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  expect(errors.length, `${what} at ${pointer} got no error`).toBeGreaterThan(0);
  expect(errors.some((d) => related(d.path, pointer)), `${what} at ${pointer}; errors at: ${errors.map((d) => d.path).join(', ')}`).toBe(true);
}

const templatesJson = templateIds.map((id) => loadTemplate(id) as unknown as Json);
const clone = (j: Json): Json => structuredClone(j);
const pick = <T>(items: T[], seed: number): T => items[seed % items.length]!;

describe('validator fuzz', () => {
  it('never throws on 10,000 random JSON values, and rejects each (none is a package)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const result = validatePackage(value);
        expect(result.valid).toBe(false);
        expect(result.diagnostics.length).toBeGreaterThan(0);
      }),
      { numRuns: 10_000 },
    );
  });

  it('never throws on random values planted inside templates', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.anything({ maxDepth: 3 }), (t, s, value) => {
        const pkg = clone(pick(templatesJson, t));
        const slot = pick(slots(pkg), s);
        (slot.parent as Record<string | number, unknown>)[slot.key] = value;
        const result = validatePackage(pkg);
        expect(Array.isArray(result.diagnostics)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('diagnoses a leaf replaced by a value of another JSON type, where it was', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (t, s) => {
        const pkg = clone(pick(templatesJson, t));
        const leaves = slots(pkg).filter((x) => x.value === null || typeof x.value !== 'object');
        const slot = pick(leaves, s);
        const replacement: Json = typeof slot.value === 'string' ? 42 : typeof slot.value === 'number' ? 'forty-two' : typeof slot.value === 'boolean' ? 'yes' : 0;
        (slot.parent as Record<string | number, Json>)[slot.key] = replacement;
        expectDiagnosed(validatePackage(pkg).diagnostics, slot.pointer, 'wrong type');
      }),
      { numRuns: 1_500 },
    );
  });

  it('diagnoses a deleted id or label', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (t, s) => {
        const pkg = clone(pick(templatesJson, t));
        const all = slots(pkg);
        const requiredLabel = /\/(objects|roles|processes|views|queues|fields|options|outcomes|stages|sections)\/\d+\/label$/;
        const candidates = all.filter((x) => !Array.isArray(x.parent) && (x.key === 'id' || (x.key === 'label' && requiredLabel.test(x.pointer))));
        const slot = pick(candidates, s);
        delete (slot.parent as Record<string, Json>)[slot.key];
        expectDiagnosed(validatePackage(pkg).diagnostics, slot.pointer, `deleted "${String(slot.key)}"`);
      }),
      { numRuns: 1_500 },
    );
  });

  it('diagnoses a dangling reference where it is', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (t, s) => {
        const pkg = clone(pick(templatesJson, t));
        const all = slots(pkg);
        const candidates = all.filter(
          (x) => typeof x.value === 'string' && ((typeof x.key === 'string' && referenceKeys.has(x.key) && !isLabelish(x)) || (typeof x.key === 'number' && referenceListKeys.has(String(parentKey(x, all))))),
        );
        const slot = pick(candidates, s);
        (slot.parent as Record<string | number, Json>)[slot.key] = 'dangling_zz';
        expectDiagnosed(validatePackage(pkg).diagnostics, slot.pointer, `dangling ${String(parentKey(slot, all))}/${String(slot.key)}`);
      }),
      { numRuns: 1_500 },
    );
  });

  it('diagnoses a broken expression where it is', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.constantFrom(...brokenExpressions), (t, s, broken) => {
        const pkg = clone(pick(templatesJson, t));
        const all = slots(pkg);
        const candidates = all.filter((x) => typeof x.value === 'string' && typeof x.key === 'string' && (expressionKeys.has(x.key) || ['values', 'payload'].includes(String(parentKey(x, all)))));
        const slot = pick(candidates, s);
        (slot.parent as Record<string, Json>)[slot.key] = broken;
        expectDiagnosed(validatePackage(pkg).diagnostics, slot.pointer, `broken expression ${JSON.stringify(broken)}`);
      }),
      { numRuns: 600 } // each new expression text is compiled afresh (~30 ms a run),
    );
  });

  it('diagnoses a duplicated id among objects, roles, processes and views', () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom('objects', 'roles', 'processes', 'views'), fc.nat(), (t, section, s) => {
        const pkg = clone(pick(templatesJson, t)) as { [k: string]: Json };
        const items = pkg[section] as { id: string }[];
        if (items.length < 2) return;
        const i = s % items.length;
        const j = (i + 1) % items.length;
        items[j]!.id = items[i]!.id;
        expectDiagnosed(validatePackage(pkg).diagnostics, `/${section}/${j}/id`, 'duplicate id');
      }),
      { numRuns: 500 },
    );
  });
});

// `from`/`to` also name things that are not references in a few places (none today), and labels
// are LocalizedText objects, never strings — so a string under these keys is a reference.
function isLabelish(slot: Slot): boolean {
  return slot.key === 'label';
}
