import { sameSpec } from '../records/column-spec.ts';
import { conversionBetween } from '../records/conversions.ts';
import { addColumnSql, addForeignKeySql, alterColumnTypeSql, createIndexSql, createTableSql, dropForeignKeySql, dropIndexSql } from '../records/ddl.ts';
import type { ColumnSpec, IndexSpec, SqlType, VersionPhysical } from '../records/physical-types.ts';
import { quoteIdent, RECORD_SCHEMA } from '../records/sql-names.ts';
import type { CheckSpec, Conflict, PlanIssue, PlanStep, VersionRef } from './plan-types.ts';
import { columnKey, type Catalogue } from './state.ts';

export interface VersionLayout {
  version: VersionRef;
  physical: VersionPhysical;
}

interface WantedColumn {
  table: string;
  column: string;
  spec: ColumnSpec;
  subject: string;
  wanted: Conflict['wanted'];
}

export interface PhysicalPlan {
  steps: PlanStep[];
  checks: CheckSpec[];
  conflicts: Conflict[];
  blockers: PlanIssue[];
  warnings: PlanIssue[];
  /** Tables this plan creates (they hold no rows yet). */
  newTables: Set<string>;
}

/** Columns wanted by the versions that will be in force together, newest version first. */
function wantedColumns(layouts: readonly VersionLayout[]): { columns: Map<string, WantedColumn>; conflicts: Conflict[] } {
  const columns = new Map<string, WantedColumn>();
  for (const { version, physical } of layouts) {
    for (const [objectId, mapped] of Object.entries(physical.objects)) {
      for (const [fieldId, c] of Object.entries(mapped.fields)) {
        const key = columnKey(mapped.table, c.column);
        const entry = { version, objectId, fieldId, type: c.type, references: c.references };
        const existing = columns.get(key);
        if (existing) existing.wanted.push(entry);
        else columns.set(key, { table: mapped.table, column: c.column, spec: { type: c.type, references: c.references }, subject: `${objectId}.${fieldId}`, wanted: [entry] });
      }
    }
  }
  const conflicts = [...columns.values()].filter((c) => c.wanted.some((w) => !sameSpec(w, c.spec))).map((c) => ({ table: c.table, column: c.column, wanted: c.wanted }));
  return { columns, conflicts };
}

/** Columns whose type or foreign key differs between versions meant to be in force together. */
export function findConflicts(layouts: readonly VersionLayout[]): Conflict[] {
  return wantedColumns(layouts).conflicts;
}

/** The indexes of versions in force together: the union, by name (names encode the definition). */
export function wantedIndexes(layouts: readonly VersionLayout[]): Map<string, IndexSpec> {
  const indexes = new Map<string, IndexSpec>();
  for (const { physical } of layouts) {
    for (const index of physical.indexes) {
      const existing = indexes.get(index.name);
      if (!existing) indexes.set(index.name, { ...index, reasons: [...index.reasons] });
      else for (const reason of index.reasons) if (!existing.reasons.includes(reason)) existing.reasons.push(reason);
    }
  }
  return indexes;
}

/**
 * The DDL that makes the database hold the union of the versions that will be in force: tables
 * and columns they need that do not exist (new, or purged), type and foreign-key changes, and the
 * index set. Nothing is dropped except indexes no version in force wants.
 */
export function planPhysical(catalogue: Catalogue, layouts: readonly VersionLayout[]): PhysicalPlan {
  const { columns, conflicts } = wantedColumns(layouts);
  const conflicting = new Set(conflicts.map((c) => columnKey(c.table, c.column)));
  const plan: PhysicalPlan = { steps: [], checks: [], conflicts, blockers: [], warnings: [], newTables: new Set() };
  const byTable = new Map<string, WantedColumn[]>();
  for (const wanted of columns.values()) byTable.set(wanted.table, [...(byTable.get(wanted.table) ?? []), wanted]);
  for (const layout of layouts) for (const mapped of Object.values(layout.physical.objects)) if (!byTable.has(mapped.table)) byTable.set(mapped.table, []);

  const indexes = wantedIndexes(layouts);
  for (const existing of catalogue.indexes.values()) {
    if (!indexes.has(existing.name) || existing.status === 'failed') plan.steps.push({ kind: 'dropIndex', table: existing.table, name: existing.name, sql: dropIndexSql(existing.name) });
  }

  const foreignKeys: PlanStep[] = [];
  const exists = (qualified: string) => !qualified.startsWith(`${RECORD_SCHEMA}.`) || catalogue.tables.has(qualified.slice(RECORD_SCHEMA.length + 1)) || plan.newTables.has(qualified.slice(RECORD_SCHEMA.length + 1));
  for (const [table, wanted] of byTable) {
    if (catalogue.tables.has(table)) continue;
    plan.newTables.add(table);
    // a foreign key to a table that exists by now goes inline; one to a table created later is added after
    const inline = (w: WantedColumn) => w.spec.references !== null && exists(w.spec.references);
    plan.steps.push({ kind: 'createTable', table, sql: createTableSql(table, wanted.map((w) => ({ column: w.column, type: w.spec.type, references: inline(w) ? w.spec.references : null }))) });
    for (const w of wanted) if (w.spec.references && !inline(w)) foreignKeys.push(addForeignKey(w));
  }
  const alters: PlanStep[] = [];
  for (const w of columns.values()) {
    if (plan.newTables.has(w.table) || conflicting.has(columnKey(w.table, w.column))) continue;
    const existing = catalogue.columns.get(columnKey(w.table, w.column));
    if (!existing) {
      plan.steps.push({ kind: 'addColumn', table: w.table, column: w.column, type: w.spec.type, sql: addColumnSql(w.table, w.column, w.spec.type) });
      if (w.spec.references) foreignKeys.push(addForeignKey(w));
      continue;
    }
    if (sameSpec(existing, w.spec)) continue;
    const referenceChanges = existing.references !== w.spec.references || existing.type !== w.spec.type;
    if (existing.references && referenceChanges) plan.steps.push({ kind: 'dropForeignKey', table: w.table, column: w.column, sql: dropForeignKeySql(w.table, w.column) });
    if (existing.type !== w.spec.type) {
      const alter = alterColumn(w, existing.type, plan);
      if (!alter) continue;
      alters.push(alter);
    }
    if (w.spec.references && referenceChanges) {
      foreignKeys.push(addForeignKey(w));
      plan.checks.push({ kind: 'reference', subject: w.subject, table: w.table, column: w.column, references: w.spec.references, fromText: existing.type === 'text' });
    }
  }
  plan.steps.push(...alters, ...foreignKeys);
  for (const index of indexes.values()) {
    const existing = catalogue.indexes.get(index.name);
    if (existing && existing.status !== 'failed') continue;
    plan.steps.push({ kind: 'createIndex', table: index.table, index, sql: createIndexSql(index) });
    const holdsData = !plan.newTables.has(index.table) && index.columns.some((c) => catalogue.columns.has(columnKey(index.table, c.column)) || !columns.has(columnKey(index.table, c.column)));
    if (index.unique && holdsData) plan.checks.push({ kind: 'unique', subject: uniqueSubject(index, columns), table: index.table, index });
  }
  return plan;
}

function addForeignKey(w: WantedColumn): PlanStep {
  return { kind: 'addForeignKey', table: w.table, column: w.column, references: w.spec.references!, sql: addForeignKeySql(w.table, w.column, w.spec) };
}

function alterColumn(w: WantedColumn, from: SqlType, plan: PhysicalPlan): PlanStep | null {
  const [objectId, fieldId] = w.subject.split('.') as [string, string];
  const conversion = conversionBetween(from, w.spec.type);
  if (!conversion) {
    plan.blockers.push({
      code: 'publish.type-change.unsupported',
      objectId,
      fieldId,
      message: {
        en: `${w.subject}: a ${from} column cannot be converted to ${w.spec.type}. Add a new field and retire this one instead.`,
        'zh-CN': `${w.subject}：${from} 类型的列无法转换为 ${w.spec.type}。请新增一个字段并停用此字段。`,
      },
    });
    return null;
  }
  if (conversion.invalid) plan.checks.push({ kind: 'convert', subject: w.subject, table: w.table, column: w.column, from, to: w.spec.type });
  if (conversion.lossy) {
    plan.warnings.push({
      code: 'publish.type-change.lossy',
      objectId,
      fieldId,
      message: { en: `${w.subject}: ${from} → ${w.spec.type}: ${conversion.lossy.en}.`, 'zh-CN': `${w.subject}：${from} → ${w.spec.type}：${conversion.lossy['zh-CN']}。` },
    });
  }
  return { kind: 'alterColumnType', table: w.table, column: w.column, from, to: w.spec.type, sql: alterColumnTypeSql(w.table, w.column, w.spec.type, conversion.using(quoteIdent(w.column))) };
}

function uniqueSubject(index: IndexSpec, columns: Map<string, WantedColumn>): string {
  return index.columns.map((c) => columns.get(columnKey(index.table, c.column))?.subject ?? `${index.table}.${c.column}`).join(', ');
}
