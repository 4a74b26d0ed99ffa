import type { ConfigPackage, Field } from '@mainline/model';
import type { VersionPhysical } from '../records/physical-types.ts';
import { recordTableSql, quoteIdent } from '../records/sql-names.ts';
import { ruleNarrows, valueRuleOf } from '../records/value-rules.ts';
import { sameContent } from './package-hash.ts';
import type { CheckSpec, PlanStep, TaskSpec } from './plan-types.ts';
import { columnKey, type Catalogue, type StoredVersion } from './state.ts';

const computed: ReadonlySet<Field['type']> = new Set(['formula', 'rollup', 'autoNumber']);
const computation = ['type', 'expression', 'resultType', 'from', 'via', 'function', 'field', 'filter'] as const;

export interface FieldWork {
  checks: CheckSpec[];
  backfills: PlanStep[];
  tasks: TaskSpec[];
}

/** The field of `base` that lives in the same column, if any (whatever its id was). */
function previousFields(base: StoredVersion | null): Map<string, Field> {
  const byColumn = new Map<string, Field>();
  for (const object of base?.package.objects ?? []) {
    const mapped = base!.physical.objects[object.id]!;
    for (const field of object.fields) byColumn.set(columnKey(mapped.table, mapped.fields[field.id]!.column), field);
  }
  return byColumn;
}

/**
 * What the fields of a draft ask of existing data, beyond column types: values inside the new
 * options or formats, a value for every record when a field becomes required (filled from its
 * `default` when it has one), and recomputing stored formulas and rollups whose definition changed.
 */
export function fieldWork(draft: ConfigPackage, base: StoredVersion | null, physical: VersionPhysical, catalogue: Catalogue, newTables: ReadonlySet<string>): FieldWork {
  const work: FieldWork = { checks: [], backfills: [], tasks: [] };
  const previous = previousFields(base);
  for (const object of draft.objects) {
    const mapped = physical.objects[object.id]!;
    if (newTables.has(mapped.table)) continue;
    const recompute: TaskSpec['fields'] = [];
    for (const field of object.fields) {
      const { column, type } = mapped.fields[field.id]!;
      const key = columnKey(mapped.table, column);
      const before = previous.get(key);
      const existing = catalogue.columns.get(key);
      const columnExists = existing !== undefined;
      const subject = `${object.id}.${field.id}`;
      const rule = valueRuleOf(field);
      if (rule && existing && ruleNarrows(before, field)) work.checks.push({ kind: 'values', subject, table: mapped.table, column, rule, fieldType: field.type, from: existing.type, to: type });
      if (field.required && !computed.has(field.type) && !before?.required) {
        const value = 'default' in field ? field.default : undefined;
        if (value !== undefined) {
          work.backfills.push({
            kind: 'backfill',
            table: mapped.table,
            column,
            sql: `UPDATE ${recordTableSql(mapped.table)} SET ${quoteIdent(column)} = $1::${type} WHERE ${quoteIdent(column)} IS NULL`,
            params: [value],
          });
        } else {
          work.checks.push({ kind: 'required', subject, table: mapped.table, column, newColumn: !columnExists, defaultExpression: field.defaultExpression !== undefined });
        }
      }
      if ((field.type === 'formula' || field.type === 'rollup') && (!before || computation.some((p) => !sameContent(prop(before, p), prop(field, p))))) {
        recompute.push({ fieldId: field.id, column });
      }
    }
    if (recompute.length > 0) work.tasks.push({ kind: 'recompute', objectId: object.id, table: mapped.table, fields: recompute });
  }
  return work;
}

const prop = (field: Field, name: string) => (field as unknown as Record<string, unknown>)[name];

