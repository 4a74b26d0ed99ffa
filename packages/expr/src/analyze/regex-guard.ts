/**
 * A simple guard against catastrophic backtracking: no back-references and no repeated group
 * that itself repeats something, like (a+)+ or (x*y)*. Returns why a pattern is refused.
 */
export function unsafeRegexReason(pattern: string): string | undefined {
  if (/\\[1-9]|\\k</.test(pattern)) return 'back-references are not allowed';
  const groups: boolean[] = []; // per open group: does it contain a repetition?
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '[') {
      // skip a character class
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
      continue;
    }
    if (ch === '(') groups.push(false);
    else if (ch === ')') {
      const repeatsInside = groups.pop() ?? false;
      const next = pattern[i + 1];
      const repeated = next === '*' || next === '+' || next === '{';
      if (repeatsInside && repeated) return 'a repeated group may not itself contain a repetition';
      if (groups.length > 0 && (repeatsInside || repeated)) groups[groups.length - 1] = true;
    } else if ((ch === '*' || ch === '+' || ch === '{') && groups.length > 0) {
      groups[groups.length - 1] = true;
    }
  }
  return undefined;
}
