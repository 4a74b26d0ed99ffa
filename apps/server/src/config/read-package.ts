import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { diagnostic, type Diagnostic } from '@mainline/model';
import { locatePointer, parseJsonSource, type JsonSource } from './parse-json-source.ts';
import { packageHeadFile, packageSections } from './package-layout.ts';

/** Where a diagnostic's pointer lands in the files the package was read from. */
export interface SourceLocation {
  file: string;
  pointer: string;
  line?: number;
  column?: number;
}

export interface LoadedPackage {
  value: unknown;
  locate(pointer: string): SourceLocation;
}

export type ReadPackageResult = { ok: true; pkg: LoadedPackage } | { ok: false; diagnostics: Diagnostic[]; locations: SourceLocation[] };

export class PackageNotFoundError extends Error {}

/**
 * Reads a package from one JSON file, or from a directory split into `mainline.json` plus one
 * file per object, role, process, view, queue and menu (`objects/lead.json`, …), joined in name order.
 */
export function readPackage(path: string): ReadPackageResult {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new PackageNotFoundError(`${path}: no such file or directory`);
  }
  return isDir ? readSplitPackage(path) : readSingleFile(path);
}

function readSingleFile(file: string): ReadPackageResult {
  const parsed = parseJsonSource(file, readFileSync(file, 'utf8'));
  if (!parsed.ok) return syntaxFailure(parsed.errors);
  const source = parsed.source;
  return { ok: true, pkg: { value: source.value, locate: (pointer) => ({ file, pointer, ...locatePointer(source, pointer) }) } };
}

function readSplitPackage(dir: string): ReadPackageResult {
  const headFile = join(dir, packageHeadFile);
  let headText: string;
  try {
    headText = readFileSync(headFile, 'utf8');
  } catch {
    throw new PackageNotFoundError(`${dir}: a package directory needs a ${packageHeadFile}`);
  }
  const sources: { source: JsonSource; pointer: string }[] = [];
  const syntaxErrors = [];
  const head = parseJsonSource(relative(process.cwd(), headFile), headText);
  if (!head.ok) syntaxErrors.push(...head.errors);
  const value: Record<string, unknown> = head.ok && isObject(head.source.value) ? { ...head.source.value } : {};
  for (const section of packageSections) {
    const folder = join(dir, section);
    let names: string[];
    try {
      names = readdirSync(folder).filter((n) => n.endsWith('.json')).sort();
    } catch {
      continue;
    }
    const items: unknown[] = Array.isArray(value[section]) ? [...(value[section] as unknown[])] : [];
    for (const name of names) {
      const file = relative(process.cwd(), join(folder, name));
      const parsed = parseJsonSource(file, readFileSync(join(folder, name), 'utf8'));
      if (!parsed.ok) {
        syntaxErrors.push(...parsed.errors);
        continue;
      }
      sources.push({ source: parsed.source, pointer: `/${section}/${items.length}` });
      items.push(parsed.source.value);
    }
    value[section] = items;
  }
  if (syntaxErrors.length > 0) return syntaxFailure(syntaxErrors);
  const headSource = head.ok ? head.source : undefined;
  return {
    ok: true,
    pkg: {
      value,
      locate(pointer) {
        const hit = sources.find((s) => pointer === s.pointer || pointer.startsWith(`${s.pointer}/`));
        if (hit) {
          const inner = pointer.slice(hit.pointer.length);
          return { file: hit.source.file, pointer: inner, ...locatePointer(hit.source, inner) };
        }
        return { file: headSource?.file ?? headFile, pointer, ...(headSource ? locatePointer(headSource, pointer) : {}) };
      },
    },
  };
}

function syntaxFailure(errors: { file: string; line: number; column: number; message: string }[]): ReadPackageResult {
  return {
    ok: false,
    diagnostics: errors.map((e) =>
      diagnostic('json.syntax', '', `Invalid JSON at line ${e.line}, column ${e.column}: ${e.message}.`, `JSON 语法错误（第 ${e.line} 行第 ${e.column} 列）：${e.message}。`),
    ),
    locations: errors.map((e) => ({ file: e.file, pointer: '', line: e.line, column: e.column })),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
