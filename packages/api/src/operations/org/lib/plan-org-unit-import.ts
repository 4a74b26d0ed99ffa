import type { OrgUnitRow } from '@mainline/db';
import type { LocalizedText } from '@mainline/model';
import { checkUnitCode, checkUnitName } from './field-checks.ts';
import type { ImportCounts, ImportError } from './import-report.ts';
import type { CsvRow } from './read-csv.ts';

export const orgUnitCsvColumns = ['code', 'parent_code', 'name_en', 'name_zh'] as const;

export type UnitImportStep =
  | { kind: 'create'; row: number; code: string; parentCode: string | null; name: LocalizedText }
  | { kind: 'update'; row: number; unit: OrgUnitRow; name?: LocalizedText; move?: { parentCode: string | null } };

export interface UnitImportPlan {
  errors: ImportError[];
  /** Parents before children, so each step finds its parent in place. */
  steps: UnitImportStep[];
  counts: ImportCounts;
}

interface FileUnit {
  row: number;
  code: string;
  parentCode: string | null;
  nameEn: string;
  nameZh: string;
  existing?: OrgUnitRow;
}

/**
 * Checks an org units file against the units that exist (retired ones included) and orders what
 * it changes. An empty optional cell means "not stated": a new unit goes to the top or has no
 * Chinese name, an existing unit keeps its parent or its Chinese name.
 */
export function planOrgUnitImport(rows: readonly CsvRow[], existing: readonly OrgUnitRow[]): UnitImportPlan {
  const errors: ImportError[] = [];
  const error = (row: number, column: string, issue: { code: string; message: string }) => errors.push({ row, column, ...issue });
  const existingByCode = new Map(existing.map((u) => [u.code, u]));
  const codeById = new Map(existing.map((u) => [u.id, u.code]));

  const file = new Map<string, FileUnit>();
  for (const { row, values } of rows) {
    const unit: FileUnit = { row, code: values.code ?? '', parentCode: values.parent_code || null, nameEn: values.name_en ?? '', nameZh: values.name_zh ?? '' };
    const codeIssue = checkUnitCode(unit.code);
    if (codeIssue) error(row, 'code', codeIssue);
    const first = file.get(unit.code);
    if (!codeIssue && first) error(row, 'code', { code: 'org.import.duplicate-code', message: `The code "${unit.code}" is already on row ${first.row}.` });
    unit.existing = existingByCode.get(unit.code);
    if (unit.existing?.retiredAt) error(row, 'code', { code: 'org.unit.retired', message: `Org unit "${unit.code}" is retired; the code of a retired unit is not reused.` });
    const nameIssue = checkUnitName(unit.nameEn, 'en');
    if (nameIssue) error(row, 'name_en', nameIssue);
    const zhIssue = checkUnitName(unit.nameZh, 'zh-CN');
    if (zhIssue) error(row, 'name_zh', zhIssue);
    if (!codeIssue && !first) file.set(unit.code, unit);
  }

  for (const unit of file.values()) {
    if (unit.parentCode === null) continue;
    const parent = existingByCode.get(unit.parentCode);
    if (!parent && !file.has(unit.parentCode)) error(unit.row, 'parent_code', { code: 'org.unit.unknown', message: `No org unit has the code "${unit.parentCode}", in the file or in the organisation.` });
    else if (parent?.retiredAt) error(unit.row, 'parent_code', { code: 'org.unit.retired', message: `The parent "${unit.parentCode}" is retired.` });
  }

  const parentOf = (code: string): string | null => {
    const unit = file.get(code);
    if (unit?.parentCode) return file.has(unit.parentCode) || existingByCode.has(unit.parentCode) ? unit.parentCode : null;
    const current = existingByCode.get(code);
    return current?.parentId ? (codeById.get(current.parentId) ?? null) : null;
  };
  const depth = depthsInFinalTree([...file.keys()], parentOf, (cycle) => {
    const text = [...cycle, cycle[0]].join(' → ');
    for (const code of cycle) {
      const unit = file.get(code);
      if (unit) error(unit.row, 'parent_code', { code: 'org.import.cycle', message: `Parent codes form a cycle: ${text}.` });
    }
  });
  if (errors.length > 0) return { errors, steps: [], counts: { created: 0, updated: 0, unchanged: 0 } };

  const steps: UnitImportStep[] = [];
  let unchanged = 0;
  const ordered = [...file.values()].sort((a, b) => (depth.get(a.code) ?? 0) - (depth.get(b.code) ?? 0) || a.row - b.row);
  for (const unit of ordered) {
    const current = unit.existing;
    if (!current) {
      steps.push({ kind: 'create', row: unit.row, code: unit.code, parentCode: unit.parentCode, name: { en: unit.nameEn, ...(unit.nameZh ? { 'zh-CN': unit.nameZh } : {}) } });
      continue;
    }
    const name: LocalizedText = { ...current.name, en: unit.nameEn, ...(unit.nameZh ? { 'zh-CN': unit.nameZh } : {}) };
    const nameChanged = name.en !== current.name.en || name['zh-CN'] !== current.name['zh-CN'];
    const currentParent = current.parentId ? (codeById.get(current.parentId) ?? null) : null;
    const moved = unit.parentCode !== null && unit.parentCode !== currentParent;
    if (!nameChanged && !moved) unchanged++;
    else steps.push({ kind: 'update', row: unit.row, unit: current, ...(nameChanged ? { name } : {}), ...(moved ? { move: { parentCode: unit.parentCode } } : {}) });
  }
  const created = steps.filter((s) => s.kind === 'create').length;
  return { errors, steps, counts: { created, updated: steps.length - created, unchanged } };
}

/**
 * Depth of each code in the tree the file leaves behind (0 at the top), following `parentOf`.
 * Reports each cycle once; codes in or below a cycle get no depth.
 */
function depthsInFinalTree(codes: readonly string[], parentOf: (code: string) => string | null, onCycle: (cycle: string[]) => void): Map<string, number> {
  const depth = new Map<string, number>();
  const settled = new Set<string>();
  for (const start of codes) {
    const chain: string[] = [];
    const onChain = new Set<string>();
    let current: string | null = start;
    while (current !== null && !settled.has(current) && !onChain.has(current)) {
      chain.push(current);
      onChain.add(current);
      current = parentOf(current);
    }
    if (current !== null && onChain.has(current)) {
      onCycle(chain.slice(chain.indexOf(current)));
    } else {
      let d = current === null ? -1 : (depth.get(current) ?? Number.NaN);
      for (const code of chain.reverse()) depth.set(code, ++d);
    }
    for (const code of chain) settled.add(code);
  }
  return depth;
}
