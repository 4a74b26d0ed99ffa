import { describe, expect, it } from 'vitest';
import { locatePointer, parseJsonSource } from './parse-json-source.ts';

describe('parseJsonSource', () => {
  it('reports line and column of a syntax error', () => {
    const result = parseJsonSource('a.json', '{\n  "id": "x",\n  "name": }\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ file: 'a.json', line: 3, column: 11, message: 'value expected' });
  });

  it('rejects trailing commas and comments, which JSON does not allow', () => {
    expect(parseJsonSource('a.json', '{"a": 1,}').ok).toBe(false);
    expect(parseJsonSource('a.json', '{"a": 1 // note\n}').ok).toBe(false);
  });

  it('maps a JSON pointer to the line of the value, falling back to the nearest parent', () => {
    const result = parseJsonSource('a.json', '{\n  "objects": [\n    { "id": "lead",\n      "fields": [] }\n  ]\n}');
    if (!result.ok) throw new Error('parse failed');
    expect(locatePointer(result.source, '/objects/0/fields')).toEqual({ line: 4, column: 7 });
    expect(locatePointer(result.source, '/objects/0/missing')).toEqual({ line: 3, column: 5 });
  });
});
