import type { ImportProgress } from '@mainline/api';
import type { CliLocale } from '../locale.ts';
import { say } from '../say.ts';

/** One line of import progress for a terminal: phase, rows done and rows per second. */
export function progressLine(p: ImportProgress, started: number, locale: CliLocale): string {
  const done = p.phase === 'importing' ? p.rowsWritten : p.rowsRead;
  const seconds = Math.max((Date.now() - started) / 1000, 0.001);
  const rate = Math.round(done / seconds).toLocaleString('en');
  const phase = p.phase === 'importing' ? say(locale, 'importing', '导入中') : say(locale, 'checking', '检查中');
  const bad = p.rowsFailed > 0 ? say(locale, `, ${p.rowsFailed} bad`, `，${p.rowsFailed} 行有误`) : '';
  return `${phase}  ${done.toLocaleString('en')} ${say(locale, 'rows', '行')}${bad}  ${rate} ${say(locale, 'rows/s', '行/秒')}   `;
}
