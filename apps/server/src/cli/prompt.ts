import { createInterface } from 'node:readline/promises';
import { UsageError } from './usage-error.ts';

/** Whether a person can answer questions: standard input and error are terminals. */
export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/** Asks a yes/no question on the terminal (default no). */
export async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^(y|yes|是)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/**
 * Goes ahead only when `--yes` was given or a person confirmed; without a terminal and without
 * `--yes` it is a usage error, so that scripts never hang on a question.
 */
export async function confirmOrYes(yes: boolean | undefined, question: string): Promise<boolean> {
  if (yes) return true;
  if (!isInteractive()) throw new UsageError('not asking without a terminal: pass --yes to go ahead');
  return confirm(question);
}

/** The first line of standard input (a password piped in), without its line break. */
export async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** Reads lines from the terminal without echoing them, one per prompt (typed-ahead input carries over). */
function readHidden(prompts: string[]): Promise<string[]> {
  const { stdin, stderr } = process;
  const lines: string[] = [];
  let current = '';
  let afterCr = false;
  stderr.write(prompts[0]!);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      if (error) reject(error);
      else resolve(lines);
    };
    const onData = (text: string) => {
      for (const c of text) {
        if (c === '\u0003') return finish(new UsageError('cancelled'));
        const skip = afterCr && c === '\n'; // \r\n is one line break
        afterCr = c === '\r';
        if (skip) continue;
        if (c === '\r' || c === '\n') {
          lines.push(current);
          current = '';
          stderr.write('\n');
          if (lines.length === prompts.length) return finish();
          stderr.write(prompts[lines.length]!);
        } else if (c === '\u007f' || c === '\b') current = [...current].slice(0, -1).join('');
        else current += c;
      }
    };
    stdin.on('data', onData);
  });
}

/** A new password: typed twice on a terminal (not echoed), else the first line of standard input. */
export async function readNewPassword(prompt: string, again: string): Promise<string> {
  if (!process.stdin.isTTY) return readStdinLine();
  const [first, second] = await readHidden([prompt, again]);
  if (first !== second) throw new UsageError('the two passwords differ');
  return first!;
}
