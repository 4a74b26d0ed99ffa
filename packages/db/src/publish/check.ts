import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../connection/database.ts';
import { conversionBetween } from '../records/conversions.ts';
import { qualifiedSql, quoteIdent, recordTableSql } from '../records/sql-names.ts';
import type { ValueRule } from '../records/value-rules.ts';
import type { ChangePlan, CheckSpec } from './plan-types.ts';
import type { Localized } from './publish-error.ts';

/** Rows are counted up to here; more is shown as "100,000+" and makes new indexes build concurrently. */
export const ROW_COUNT_CAP = 100_001;
const EXAMPLES = 5;

export interface CheckProblem {
  code: string;
  subject: string;
  check: CheckSpec;
  /** Rows (or values) that stand in the way. */
  count: number;
  /** Up to five record ids. */
  examples: string[];
  message: Localized;
}

export interface CheckReport {
  ok: boolean;
  problems: CheckProblem[];
  /** Rows of each table the plan touches, counted up to ROW_COUNT_CAP. */
  rowCounts: Record<string, number>;
}

const live = sql.raw(`"deletedAt" IS NULL`);
const col = (column: string) => sql.raw(quoteIdent(column));
const table = (name: string) => sql.raw(recordTableSql(name));

async function offending(db: Db, from: SQL, where: SQL): Promise<{ count: number; examples: string[] }> {
  const result = (await db.execute(sql`SELECT "id"::text AS id, count(*) OVER () AS n FROM ${from} WHERE ${where} ORDER BY "id" LIMIT ${EXAMPLES}`)) as unknown as {
    rows: { id: string; n: string | number }[];
  };
  return { count: Number(result.rows[0]?.n ?? 0), examples: result.rows.map((r) => r.id) };
}

function ruleCondition(rule: ValueRule, c: SQL): SQL {
  if (rule.kind === 'pattern') return sql`${c} IS NOT NULL AND ${c} <> '' AND ${c} !~ ${sql.raw(`'${rule.pattern}'`)}`;
  const options = sql.param(rule.options);
  return rule.multi ? sql`${c} IS NOT NULL AND NOT (${c} <@ ${options}::text[])` : sql`${c} IS NOT NULL AND NOT (${c} = ANY(${options}::text[]))`;
}

/**
 * Runs a plan's checks against the data and counts what would go wrong: values a type change
 * cannot take, values outside a choice's options, records without a value for a new required
 * field, duplicates under a new unique index, references to missing records. Read-only.
 */
export async function checkPlan(db: Db, plan: ChangePlan): Promise<CheckReport> {
  const problems: CheckProblem[] = [];
  const rowCounts: Record<string, number> = {};
  const rows = async (name: string) => (rowCounts[name] ??= await countRows(db, name));
  for (const check of plan.checks) {
    const problem = await runCheck(db, check);
    if (problem) problems.push(problem);
  }
  for (const step of plan.steps) if (step.kind === 'createIndex' && !plan.steps.some((s) => s.kind === 'createTable' && s.table === step.table)) await rows(step.table);
  return { ok: problems.length === 0, problems, rowCounts };
}

export async function countRows(db: Db, name: string): Promise<number> {
  const result = (await db.execute(sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${table(name)} LIMIT ${ROW_COUNT_CAP}) AS capped`)) as unknown as { rows: { n: string | number }[] };
  return Number(result.rows[0]?.n ?? 0);
}

async function runCheck(db: Db, check: CheckSpec): Promise<CheckProblem | null> {
  const problem = (code: string, found: { count: number; examples: string[] }, message: Localized): CheckProblem | null =>
    found.count === 0 ? null : { code, subject: check.subject, check, ...found, message };
  const list = (examples: string[]) => (examples.length ? ` (e.g. ${examples.join(', ')})` : '');
  const listZh = (examples: string[]) => (examples.length ? `（例如 ${examples.join('、')}）` : '');
  switch (check.kind) {
    case 'convert': {
      const invalid = conversionBetween(check.from, check.to)!.invalid!(quoteIdent(check.column));
      const found = await offending(db, table(check.table), sql.raw(invalid));
      return problem('publish.check.type-change', found, {
        en: `${check.subject}: ${found.count} record(s) hold values that cannot become ${check.to}${list(found.examples)}. Correct them, or add a new field instead.`,
        'zh-CN': `${check.subject}：${found.count} 条记录的值无法转换为 ${check.to}${listZh(found.examples)}。请先修正这些值，或改为新增字段。`,
      });
    }
    case 'values': {
      // value rules only target text and text[], which every conversion reaches without failing
      const value = check.from === check.to ? col(check.column) : sql.raw(`(${conversionBetween(check.from, check.to)!.using(quoteIdent(check.column))})`);
      const found = await offending(db, table(check.table), sql`${live} AND ${ruleCondition(check.rule, value)}`);
      const what = check.rule.kind === 'options' ? `values that are not among the options (${check.rule.options.join(', ')})` : `values that are not a valid ${check.rule.format}`;
      const whatZh = check.rule.kind === 'options' ? `不在选项（${check.rule.options.join('、')}）之内的值` : `不是有效 ${check.rule.format} 的值`;
      return problem('publish.check.values', found, {
        en: `${check.subject}: ${found.count} record(s) hold ${what}${list(found.examples)}. Correct them, or keep the option as retired.`,
        'zh-CN': `${check.subject}：${found.count} 条记录含有${whatZh}${listZh(found.examples)}。请先修正，或将该选项标记为停用（retired）而不是删除。`,
      });
    }
    case 'required': {
      const found = check.newColumn
        ? await offending(db, table(check.table), live)
        : await offending(db, table(check.table), sql`${live} AND ${col(check.column)} IS NULL`);
      const hint = check.defaultExpression ? ' A defaultExpression only applies to new records: give a `default` value to fill existing ones.' : ' Give the field a `default` to fill them.';
      const hintZh = check.defaultExpression ? 'defaultExpression 只用于新记录：请设置 `default` 值以填充现有记录。' : '请为字段设置 `default` 值以填充它们。';
      return problem('publish.check.required', found, {
        en: `${check.subject} becomes required, but ${found.count} record(s) have no value${list(found.examples)}.${hint}`,
        'zh-CN': `${check.subject} 将成为必填字段，但有 ${found.count} 条记录没有值${listZh(found.examples)}。${hintZh}`,
      });
    }
    case 'unique': {
      const columns = sql.raw(check.index.columns.map((c) => quoteIdent(c.column)).join(', '));
      const notNull = sql.raw(check.index.columns.map((c) => `${quoteIdent(c.column)} IS NOT NULL`).join(' AND '));
      const duplicates = sql`(SELECT t.* FROM ${table(check.table)} AS t JOIN (SELECT ${columns} FROM ${table(check.table)} WHERE ${live} AND ${notNull} GROUP BY ${columns} HAVING count(*) > 1) AS d USING (${columns})) AS dup`;
      const found = await offending(db, duplicates, live);
      return problem('publish.check.unique', found, {
        en: `${check.subject} becomes unique, but ${found.count} live record(s) share a value with another${list(found.examples)}. Remove the duplicates first.`,
        'zh-CN': `${check.subject} 将成为唯一字段，但有 ${found.count} 条有效记录与其他记录值重复${listZh(found.examples)}。请先消除重复。`,
      });
    }
    case 'reference': {
      const c = col(check.column);
      const value = check.fromText ? sql`lower(btrim(${c}))` : sql`${c}::text`;
      const present = check.fromText ? sql`${c} IS NOT NULL AND btrim(${c}) <> ''` : sql`${c} IS NOT NULL`;
      const found = await offending(db, table(check.table), sql`${present} AND NOT EXISTS (SELECT 1 FROM ${sql.raw(qualifiedSql(check.references))} AS target WHERE target."id"::text = ${value})`);
      return problem('publish.check.reference', found, {
        en: `${check.subject}: ${found.count} record(s) point at records that do not exist in ${check.references}${list(found.examples)}.`,
        'zh-CN': `${check.subject}：${found.count} 条记录引用了 ${check.references} 中不存在的记录${listZh(found.examples)}。`,
      });
    }
  }
}
