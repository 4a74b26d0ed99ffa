import { describe, expect, it } from 'vitest';
import { validatePackage, type LocalizedText } from '@mainline/model';
import { loadTemplate, templateIds } from './templates.ts';

function* localizedTexts(node: unknown): Generator<LocalizedText> {
  if (Array.isArray(node)) for (const item of node) yield* localizedTexts(item);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record.en === 'string') yield record as unknown as LocalizedText;
    else for (const value of Object.values(record)) yield* localizedTexts(value);
  }
}

describe.each(templateIds)('template %s', (id) => {
  const pkg = loadTemplate(id);

  it('validates with no errors and no warnings', () => {
    const result = validatePackage(pkg);
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('has every label in English and Simplified Chinese', () => {
    for (const text of localizedTexts(pkg)) expect(text['zh-CN'], JSON.stringify(text)).toBeTruthy();
  });

  it('has the parts a starter needs', () => {
    expect(pkg.roles.length).toBeGreaterThanOrEqual(3);
    expect(pkg.navigation?.length).toBeGreaterThan(0);
    expect(pkg.views.some((v) => v.kind === 'form')).toBe(true);
    expect(pkg.views.some((v) => v.kind === 'list')).toBe(true);
    const nodes = pkg.processes.flatMap((p) => p.nodes);
    expect(nodes.some((n) => n.type === 'userTask')).toBe(true);
    expect(nodes.some((n) => n.type === 'exclusiveGateway')).toBe(true);
    expect(nodes.some((n) => n.type === 'userTask' && (n.sla?.escalations?.length ?? 0) > 0)).toBe(true);
  });
});
