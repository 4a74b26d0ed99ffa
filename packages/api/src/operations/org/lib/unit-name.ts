import type { LocalizedText } from '@mainline/model';
import { checkUnitName } from './field-checks.ts';
import type { InputProblems } from './input-problems.ts';

/** The names of a unit as stored: trimmed, and without an empty Chinese name. */
export function unitName(name: LocalizedText): LocalizedText {
  const zh = name['zh-CN']?.trim();
  return { en: name.en.trim(), ...(zh ? { 'zh-CN': zh } : {}) };
}

/** Adds the problems of a unit's names at `pointer`/en and `pointer`/zh-CN. */
export function checkUnitNames(problems: InputProblems, name: LocalizedText, pointer = '/name'): InputProblems {
  return problems.add(`${pointer}/en`, checkUnitName(name.en, 'en')).add(`${pointer}/zh-CN`, checkUnitName(name['zh-CN'], 'zh-CN'));
}
