/**
 * The bare names an expression mentions, without parsing it: string literals are skipped, and so
 * are member names (`user.id`) and function names (`today()`). Good enough to choose index
 * candidates; never used to decide what an expression means.
 */
export function expressionIdentifiers(source: string): string[] {
  const withoutStrings = source.replace(/[rRbB]?("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')/g, ' ');
  const names = new Set<string>();
  for (const match of withoutStrings.matchAll(/(?<![.\w])([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*\()/g)) names.add(match[1]!);
  return [...names];
}
