import { describe, expect, it } from 'vitest';
import { formatPlan } from './format-plan.ts';
import { makePublishPlan } from './plan.ts';
import { planRollback } from './rollout/plan-rollout.ts';
import { emptyState, publishInMemory } from './testing/in-memory-state.ts';
import { configPackage, edited, field, fieldOf, object, objectOf } from './testing/packages.ts';

const base = configPackage([object('deal', [field('title', 'text'), field('amount', 'text'), field('notes', 'longText')])]);
const next = edited(base, (d) => {
  Object.assign(fieldOf(d, 'deal', 'title'), { id: 'subject', renamedFrom: 'title' });
  Object.assign(fieldOf(d, 'deal', 'amount'), { type: 'currency' });
  objectOf(d, 'deal').fields = objectOf(d, 'deal').fields.filter((f) => f.id !== 'notes');
  objectOf(d, 'deal').fields.push(field('stage', 'choice', { indexed: true }));
});

describe('formatPlan', () => {
  const v1 = publishInMemory(emptyState(), base);
  const plan = makePublishPlan(v1.state, next);

  it('writes a readable English plan with the changes, the pilot verdict and the SQL', () => {
    const text = formatPlan(plan, 'en');
    expect(text).toContain('Publish plan — compared with version 1');
    expect(text).toContain('» subject (text): renamed from title (no data moves)');
    expect(text).toContain('~ amount (currency): changed; type text → currency; column text → numeric (ALTER COLUMN TYPE)');
    expect(text).toContain('− notes (longText): retired (data kept, hidden; purge deletes it)');
    expect(text).toContain('+ stage (choice): added; column "stage"');
    expect(text).toContain('must go to the whole organisation at once');
    expect(text).toContain('Checks against the data (1): not run yet');
    expect(text).toMatch(/SQL \(3 statement\(s\), in one transaction\):\n {2}ALTER TABLE "rec"."deal" ADD COLUMN "stage" text;/);
  });

  it('writes the same plan in Simplified Chinese, and says when there is nothing to publish', () => {
    const text = formatPlan(plan, 'zh-CN');
    expect(text).toContain('发布计划 — 与版本 1 比较');
    expect(text).toContain('由 title 改名（数据不移动）');
    expect(text).toContain('必须一次性发布到整个组织');
    expect(formatPlan(makePublishPlan(v1.state, base), 'en')).toContain('Nothing to publish: the package is identical to version 1.');
    expect(formatPlan(makePublishPlan(v1.state, base), 'zh-CN')).toContain('无需发布');
  });

  it('formats rollout plans', () => {
    const v2 = publishInMemory(v1.state, next);
    expect(formatPlan(planRollback(v2.state), 'en')).toMatch(/^Roll back — version 1\n\nWho works in which version afterwards:\n {2}whole organisation: version 1\n {2}No longer in force: version 2/);
  });
});
