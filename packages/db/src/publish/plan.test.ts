import { loadTemplate } from '@mainline/templates';
import { describe, expect, it } from 'vitest';
import { makePublishPlan } from './plan.ts';
import type { PlanStep, PublishPlan } from './plan-types.ts';
import { planExtend, planPromote, planRollback } from './rollout/plan-rollout.ts';
import { emptyState, publishInMemory } from './testing/in-memory-state.ts';
import { configPackage, edited, field, fieldOf, listView, object, objectOf } from './testing/packages.ts';

const base = configPackage([
  object('account', [field('name', 'text', { indexed: true }), field('tier', 'choice'), field('revenue', 'number')]),
  object('deal', [field('title', 'text'), field('amount', 'text'), field('account', 'reference', { target: 'account' }), field('notes', 'longText')]),
]);
const kinds = (plan: PublishPlan) => plan.steps.map((s) => s.kind);
const sqlOf = (plan: PublishPlan) => plan.steps.map((s) => s.sql);
const stepsOf = <K extends PlanStep['kind']>(plan: PublishPlan, kind: K) => plan.steps.filter((s): s is Extract<PlanStep, { kind: K }> => s.kind === kind);

function published(pkg = base) {
  return publishInMemory(emptyState(), pkg);
}

describe('plan of a first publish', () => {
  const { plan } = published();

  it('creates one table per object with typed columns and foreign keys, then indexes', () => {
    expect(kinds(plan).slice(0, 2)).toEqual(['createTable', 'createTable']);
    const create = stepsOf(plan, 'createTable').find((s) => s.table === 'deal')!.sql;
    expect(create).toContain('CREATE TABLE "rec"."deal" ("id" uuid PRIMARY KEY DEFAULT gen_random_uuid(), "owner" uuid, "orgUnit" uuid');
    expect(create).toMatch(/"rowVersion" integer NOT NULL DEFAULT 1, "deletedAt" timestamptz, "title" text, "amount" text, "account" uuid CONSTRAINT "fk_deal_account_[0-9a-f]{8}" REFERENCES "rec"."account" \("id"\) ON DELETE SET NULL, "notes" text\)$/);
    expect(kinds(plan).at(-1)).toBe('createIndex');
  });

  it('adds a foreign key after the tables when its target is created later', () => {
    const backwards = configPackage([object('deal', [field('title', 'text'), field('account', 'reference', { target: 'account' })]), object('account', [field('name', 'text')])]);
    const steps = makePublishPlan(emptyState(), backwards).steps;
    expect(steps.map((s) => s.kind).slice(0, 3)).toEqual(['createTable', 'createTable', 'addForeignKey']);
    expect(steps[2]!.sql).toMatch(/^ALTER TABLE "rec"."deal" ADD CONSTRAINT "fk_deal_account_[0-9a-f]{8}" FOREIGN KEY \("account"\) REFERENCES "rec"."account" \("id"\) ON DELETE SET NULL$/);
  });

  it('lists the objects as added, with no checks (no data yet), and a mapping field id → column', () => {
    expect(plan.changes.objects.map((o) => [o.objectId, o.change])).toEqual([['account', 'added'], ['deal', 'added']]);
    expect(plan.checks).toEqual([]);
    expect(plan.physical.objects.deal!.fields.account).toEqual({ column: 'account', type: 'uuid', references: 'rec.account' });
    expect(plan.base).toBeNull();
    expect(plan.assignments.after).toEqual({ '*': 'new' });
  });

  it('maps every field type to its column type', () => {
    const all = configPackage([
      object('o', [
        ...(['text', 'longText', 'email', 'phone', 'url', 'choice', 'number', 'percent', 'currency', 'date', 'datetime', 'boolean', 'multiChoice'] as const).map((t) => field(t, t)),
        field('auto', 'autoNumber', { format: 'N-{0000}' }),
        field('usr', 'user'),
        field('ref', 'reference', { target: 'o' }),
        field('fText', 'formula', { expression: '"x"', resultType: 'text' }),
        field('fCurrency', 'formula', { expression: '1.0', resultType: 'currency' }),
        field('fDate', 'formula', { expression: 'date', resultType: 'date' }),
      ]),
    ]);
    const types = Object.fromEntries(Object.entries(makePublishPlan(emptyState(), all).physical.objects.o!.fields).map(([id, c]) => [id, c.type]));
    expect(types).toEqual({
      text: 'text', longText: 'text', email: 'text', phone: 'text', url: 'text', choice: 'text', number: 'double precision', percent: 'double precision',
      currency: 'numeric', date: 'date', datetime: 'timestamptz', boolean: 'boolean', multiChoice: 'text[]', auto: 'text', usr: 'uuid', ref: 'uuid',
      fText: 'text', fCurrency: 'numeric', fDate: 'date',
    });
  });

  it('derives indexes from indexed and unique fields, foreign keys, record scope and list views, with names ≤ 63 characters', () => {
    const pkg = edited(base, (d) => {
      fieldOf(d, 'account', 'tier').unique = true;
      d.views.push(listView('bigDeals', 'deal', { filter: 'amount != "" && owner == user.id', sort: [{ field: 'createdAt', direction: 'desc' }, { field: 'title' }] } as never));
    });
    const indexes = makePublishPlan(emptyState(), pkg).physical.indexes;
    const described = indexes.map((i) => `${i.table}(${i.columns.map((c) => c.column + (c.desc ? ' desc' : '')).join(',')})${i.unique ? ' unique' : ''}${i.partial ? '' : ' all rows'}`);
    expect(described.sort()).toEqual(
      [
        'account(owner)', 'account(orgUnit)', 'account(name)', 'account(tier) unique',
        'deal(owner)', 'deal(orgUnit)', 'deal(account) all rows', 'deal(createdAt,title desc)', 'deal(amount)',
      ].sort(),
    );
    expect(indexes.every((i) => i.name.length <= 63)).toBe(true);
    expect(indexes.find((i) => i.columns[0]!.column === 'owner' && i.table === 'deal')!.reasons).toEqual(['deal.owner record scope', 'list bigDeals filter']);
  });
});

describe('plan of a change', () => {
  it('is a no-op for an identical package, whatever the key order', () => {
    const { state } = published();
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reverseKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)])) : v;
    const reordered = reverseKeys(base) as typeof base;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(base));
    const plan = makePublishPlan(state, reordered);
    expect(plan.unchanged).toBe(true);
    expect(plan.steps).toEqual([]);
  });

  it('renames by renamedFrom as metadata only, and never guesses a rename', () => {
    const { state } = published();
    const renamed = makePublishPlan(state, edited(base, (d) => Object.assign(fieldOf(d, 'deal', 'title'), { id: 'subject', renamedFrom: 'title' })));
    expect(renamed.steps).toEqual([]);
    expect(renamed.changes.objects[0]!.fields).toEqual([{ fieldId: 'subject', column: 'title', change: 'renamed', from: 'title', type: 'text', properties: [] }]);
    expect(renamed.physical.objects.deal!.fields.subject!.column).toBe('title');

    const guessed = makePublishPlan(state, edited(base, (d) => (fieldOf(d, 'deal', 'title').id = 'subject')));
    expect(guessed.changes.objects[0]!.fields.map((f) => [f.fieldId, f.change])).toEqual([['subject', 'added'], ['title', 'retired']]);
    expect(sqlOf(guessed)).toEqual(['ALTER TABLE "rec"."deal" ADD COLUMN "subject" text']);
  });

  it('renames an object without touching its table or the foreign keys pointing at it', () => {
    const { state } = published();
    const plan = makePublishPlan(state, edited(base, (d) => {
      Object.assign(objectOf(d, 'account'), { id: 'customer', renamedFrom: 'account' });
      Object.assign(fieldOf(d, 'deal', 'account'), { target: 'customer' });
    }));
    expect(plan.steps).toEqual([]);
    expect(plan.changes.objects.map((o) => [o.objectId, o.change, o.table])).toEqual([['customer', 'renamed', 'account'], ['deal', 'changed', 'deal']]);
  });

  it('retires a field or an object without DDL, and brings the same column back when it is added again', () => {
    const first = published();
    const retired = publishInMemory(first.state, edited(base, (d) => {
      objectOf(d, 'deal').fields = objectOf(d, 'deal').fields.filter((f) => f.id !== 'notes');
    }));
    expect(retired.plan.steps).toEqual([]);
    expect(retired.plan.changes.objects[0]!.fields).toEqual([{ fieldId: 'notes', column: 'notes', change: 'retired', type: 'longText', properties: [] }]);
    expect(retired.state.catalogue.columns.get('deal.notes')!.retired).toBe(true);

    const back = makePublishPlan(retired.state, base);
    expect(back.steps).toEqual([]);
    expect(back.changes.objects[0]!.fields).toEqual([{ fieldId: 'notes', column: 'notes', change: 'readded', type: 'longText', properties: [] }]);

    const dropped = publishInMemory(first.state, edited(base, (d) => (d.objects = d.objects.filter((o) => o.id !== 'deal'))));
    expect(dropped.plan.steps.filter((s) => s.kind !== 'dropIndex')).toEqual([]);
    expect(dropped.plan.changes.objects.map((o) => [o.objectId, o.change])).toEqual([['deal', 'retired']]);
    const objectBack = makePublishPlan(dropped.state, base);
    expect(objectBack.changes.objects.map((o) => [o.objectId, o.change])).toEqual([['deal', 'readded']]);
    expect(kinds(objectBack).every((k) => k === 'createIndex')).toBe(true);
  });

  it('gives a new field whose column name is taken a fresh suffixed column', () => {
    const renamed = edited(base, (d) => Object.assign(fieldOf(d, 'deal', 'title'), { id: 'subject', renamedFrom: 'title' }));
    const { state } = publishInMemory(published().state, renamed);
    const plan = makePublishPlan(state, edited(renamed, (d) => {
      delete fieldOf(d, 'deal', 'subject').renamedFrom;
      objectOf(d, 'deal').fields.push(field('title', 'date'));
    }));
    expect(plan.physical.objects.deal!.fields.title!.column).toBe('title_2');
    expect(sqlOf(plan)).toContain('ALTER TABLE "rec"."deal" ADD COLUMN "title_2" date');
  });

  it('changes a type with a USING cast and a check, and says it must go to the whole organisation', () => {
    const { state } = published();
    const plan = makePublishPlan(state, edited(base, (d) => Object.assign(fieldOf(d, 'deal', 'amount'), { type: 'currency' })));
    expect(stepsOf(plan, 'alterColumnType')).toEqual([
      expect.objectContaining({ table: 'deal', column: 'amount', from: 'text', to: 'numeric', sql: `ALTER TABLE "rec"."deal" ALTER COLUMN "amount" TYPE numeric USING NULLIF(btrim("amount"), '')::numeric` }),
    ]);
    expect(plan.checks).toEqual([expect.objectContaining({ kind: 'convert', subject: 'deal.amount', from: 'text', to: 'numeric' })]);
    expect(plan.changes.objects[0]!.fields[0]).toMatchObject({ change: 'changed', previousType: 'text', type: 'currency', columnType: { from: 'text', to: 'numeric' } });
    expect(plan.pilotAllowed).toBe(false);
    expect(plan.blockers).toEqual([]);

    const pilot = makePublishPlan(state, plan.package, { to: { kind: 'units', units: ['u1'] } });
    expect(pilot.blockers.map((b) => b.code)).toEqual(['publish.pilot.cannot-coexist']);
    expect(pilot.conflicts).toEqual([expect.objectContaining({ table: 'deal', column: 'amount' })]);
  });

  it('refuses a type change without a sensible conversion', () => {
    const { state } = published();
    const plan = makePublishPlan(state, edited(base, (d) => Object.assign(fieldOf(d, 'account', 'revenue'), { type: 'boolean' })));
    expect(plan.blockers.map((b) => b.code)).toEqual(['publish.type-change.unsupported']);
    expect(plan.blockers[0]!.message.en).toContain('account.revenue');
  });

  it('checks values against new options, a new required field, and a new unique index', () => {
    const { state } = published();
    const plan = makePublishPlan(state, edited(base, (d) => {
      Object.assign(fieldOf(d, 'account', 'tier'), { options: [{ value: 'a', label: { en: 'A' } }], unique: true });
      Object.assign(fieldOf(d, 'deal', 'title'), { required: true });
      objectOf(d, 'deal').fields.push(field('stage', 'choice', { required: true }));
    }));
    expect(plan.checks.map((c) => `${c.kind} ${c.subject}`).sort()).toEqual(['required deal.stage', 'required deal.title', 'unique account.tier', 'values account.tier'].sort());
    expect(plan.checks.find((c) => c.subject === 'deal.stage')).toMatchObject({ newColumn: true });
  });

  it('fills a new required field from its default instead of refusing', () => {
    const { state } = published();
    const plan = makePublishPlan(state, edited(base, (d) => objectOf(d, 'deal').fields.push(field('stage', 'choice', { required: true, default: 'a' }))));
    expect(plan.checks).toEqual([]);
    expect(stepsOf(plan, 'backfill')).toEqual([{ kind: 'backfill', table: 'deal', column: 'stage', sql: 'UPDATE "rec"."deal" SET "stage" = $1::text WHERE "stage" IS NULL', params: ['a'] }]);
  });

  it('asks for recomputation when a formula changes, and lists roles, views and processes that change', () => {
    const withFormula = edited(base, (d) => objectOf(d, 'account').fields.push(field('double', 'formula', { expression: 'orElse(revenue, 0.0) * 2.0', resultType: 'number' })));
    const { state } = published(withFormula);
    const plan = makePublishPlan(state, edited(withFormula, (d) => {
      Object.assign(fieldOf(d, 'account', 'double'), { expression: 'orElse(revenue, 0.0) * 3.0' });
      d.views.push(listView('deals', 'deal'));
    }));
    expect(plan.tasks).toEqual([{ kind: 'recompute', objectId: 'account', table: 'account', fields: [{ fieldId: 'double', column: 'double' }] }]);
    expect(plan.changes.views).toEqual([{ id: 'deals', change: 'added' }]);
    expect(plan.changes.objects[0]!.fields[0]).toMatchObject({ fieldId: 'double', change: 'changed', properties: ['expression'] });
  });

  it('plans the main-line template and a rename inside it', () => {
    const mainLine = loadTemplate('main-line');
    const { state, plan } = published(mainLine);
    expect(stepsOf(plan, 'createTable')).toHaveLength(mainLine.objects.length);
    expect(plan.blockers).toEqual([]);
    const next = makePublishPlan(state, edited(mainLine, (d) => Object.assign(fieldOf(d, 'lead', 'company'), { id: 'companyName', renamedFrom: 'company' })));
    expect(next.steps).toEqual([]);
    expect(next.changes.objects).toEqual([expect.objectContaining({ objectId: 'lead', change: 'changed', fields: [expect.objectContaining({ change: 'renamed', from: 'company' })] })]);
  });
});

describe('staged rollout plans', () => {
  const withIndex = edited(base, (d) => Object.assign(fieldOf(d, 'deal', 'title'), { indexed: true }));

  it('keeps the indexes of every version in force (the union) and drops them when the last one leaves', () => {
    const v1 = published(withIndex);
    const v2 = publishInMemory(v1.state, base, { kind: 'units', units: ['hq'] });
    expect(v2.plan.assignments.after).toEqual({ '*': 1, hq: 'new' });
    expect(v2.plan.steps).toEqual([]);
    const promote = planPromote(v2.state, 2);
    expect(promote.steps.map((s) => s.kind)).toEqual(['dropIndex']);
    expect(promote.leaving).toEqual([1]);
  });

  it('extends a version unit by unit and rolls the newest change back', () => {
    const v1 = published();
    const v2 = publishInMemory(v1.state, withIndex, { kind: 'units', units: ['hq'] });
    const extend = planExtend(v2.state, 2, ['east']);
    expect(extend.assignments.after).toEqual({ '*': 1, hq: 2, east: 2 });
    const back = planRollback(v2.state);
    expect(back.assignments.after).toEqual({ '*': 1 });
    expect(back.steps.map((s) => s.kind)).toEqual(['dropIndex']);
  });

  it('converts a column back when rolling back a type change, checked like any conversion', () => {
    const v1 = published();
    const v2 = publishInMemory(v1.state, edited(base, (d) => Object.assign(fieldOf(d, 'deal', 'amount'), { type: 'number' })));
    const back = planRollback(v2.state);
    expect(back.steps).toEqual([expect.objectContaining({ kind: 'alterColumnType', from: 'double precision', to: 'text' })]);
    expect(back.blockers).toEqual([]);
  });

  it('refuses to roll back the first version', () => {
    expect(() => planRollback(published().state)).toThrow(/first published version/);
    expect(() => planRollback(emptyState())).toThrow(/nothing to roll back/);
  });
});
