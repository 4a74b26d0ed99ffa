import { systemColumnNames } from '@mainline/db';
import type { Field } from '@mainline/model';
import type { RecordTarget } from '../lib/record-target.ts';
import { computedTypes } from '../values/check-shape.ts';
import type { ImportError } from './import-types.ts';

/** What the import does with one CSV column. */
export interface ImportColumn {
  index: number;
  header: string;
  field: Field;
  /** Computed fields are not written; their column may still be the upsert key. */
  writable: boolean;
}

export interface ColumnPlan {
  columns: ImportColumn[];
  ignored: string[];
  errors: ImportError[];
}

function labelsOf(field: Field): string[] {
  const label = field.label as unknown as Record<string, string | undefined>;
  return [field.id, label.en, label['zh-CN']].filter((l): l is string => typeof l === 'string').map((l) => l.trim().toLowerCase());
}

/**
 * Header → field: the explicit mapping first (`-` ignores the column), else the field whose id,
 * English or Chinese label equals the header (case-insensitive). Unknown headers, system columns
 * and a field mapped twice are errors on row 1. Computed fields are ignored (the system computes them).
 */
export function planColumns(target: RecordTarget, headers: string[], mapping: Record<string, string> = {}): ColumnPlan {
  const byName = new Map<string, Field>();
  for (const field of target.object.fields) for (const name of labelsOf(field)) if (!byName.has(name)) byName.set(name, field);
  const explicit = new Map(Object.entries(mapping).map(([h, f]) => [h.trim().toLowerCase(), f]));
  const plan: ColumnPlan = { columns: [], ignored: [], errors: [] };
  const seen = new Map<string, string>();
  const error = (header: string, code: string, message: string) => plan.errors.push({ row: 1, column: header, field: null, code, message });
  headers.forEach((raw, index) => {
    const header = raw.trim();
    const key = header.toLowerCase();
    const mapped = explicit.get(key);
    if (mapped === '-') return void plan.ignored.push(header);
    const field = mapped !== undefined ? target.fields.get(mapped) : byName.get(key);
    if (!field) {
      if (mapped !== undefined) return error(header, 'records.import.mapping-unknown-field', `The mapping sends "${header}" to "${mapped}", which is not a field of ${target.object.id}.`);
      if (systemColumnNames.has(header)) return error(header, 'records.field.read-only', `"${header}" is a system column and cannot be imported (map it to "-" to ignore it).`);
      return error(header, 'records.import.unknown-column', `"${header}" is not a field of ${target.object.id} (by id or label); map it to a field or to "-" to ignore it.`);
    }
    const other = seen.get(field.id);
    if (other !== undefined) return error(header, 'records.import.duplicate-column', `"${header}" and "${other}" both map to the field "${field.id}".`);
    seen.set(field.id, header);
    const writable = !computedTypes.has(field.type);
    if (!writable) plan.ignored.push(header);
    plan.columns.push({ index, header, field, writable });
  });
  return plan;
}
