import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigPackage } from '@mainline/model';
import { packageHeadFile, packageSections } from './package-layout.ts';

/** Writes a package as a split directory: mainline.json plus one file per item of each section. */
export function writeSplitPackage(pkg: ConfigPackage, dir: string, schemaPath: string): string[] {
  const written: string[] = [];
  const write = (file: string, value: unknown) => {
    writeFileSync(join(dir, file), `${JSON.stringify(value, null, 2)}\n`);
    written.push(file);
  };
  mkdirSync(dir, { recursive: true });
  const head: Record<string, unknown> = { ...pkg, $schema: schemaPath };
  for (const section of packageSections) {
    const items = (pkg[section] ?? []) as { id: string }[];
    head[section] = [];
    if (items.length === 0) continue;
    mkdirSync(join(dir, section), { recursive: true });
    items.forEach((item, index) => write(join(section, `${String(index + 1).padStart(2, '0')}-${item.id}.json`), item));
  }
  write(packageHeadFile, head);
  return written;
}
