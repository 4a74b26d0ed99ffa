import pc from 'picocolors';
import { OperationError } from '@mainline/api';
import type { CliLocale } from './locale.ts';

function localizedMessage(error: OperationError, locale: CliLocale): string {
  const message = error.details.message as Partial<Record<CliLocale, string>> | undefined;
  return (typeof message === 'object' && message?.[locale]) || error.message;
}

/**
 * Prints an operation's refusal (its code, message and problems, or JSON with `--json`) and sets
 * exit code 1. Anything that is not an OperationError is a bug or an outage: it is thrown on.
 */
export function reportFailure(error: unknown, locale: CliLocale, json = false): void {
  if (!(error instanceof OperationError)) throw error;
  process.exitCode = 1;
  if (json) {
    const { code, status, problems, details } = error;
    process.stdout.write(`${JSON.stringify({ ok: false, error: { code, status, message: localizedMessage(error, locale), problems, details } }, null, 2)}\n`);
    return;
  }
  const lines = [`${pc.red('refused')}  ${pc.dim(error.code)}  ${localizedMessage(error, locale)}`];
  for (const p of error.problems) lines.push(`  ${p.pointer || '/'}  ${pc.dim(p.code)}  ${p.message}`);
  process.stderr.write(`${lines.join('\n')}\n`);
}

/** Runs a command's work; an operation's refusal is reported (exit 1) instead of thrown. */
export async function reportingFailures(locale: CliLocale, json: boolean | undefined, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    reportFailure(error, locale, json);
  }
}
