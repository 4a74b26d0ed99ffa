import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../apps/server/src/cli/main.ts', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  /** e.g. http://127.0.0.1:41234 */
  base: string;
  output: () => string;
  /** Settles once the process is gone: its exit code, or the signal that ended it (SIGKILL when killed). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `mainline serve` as a child process on a free port against the PostgreSQL database at `url`
 * (with its job worker), resolved once it prints its URL. Node itself runs it with tsx's loader, so
 * the child is the server and a SIGKILL hits it, not a wrapper.
 */
export async function startServerProcess(url: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', main, 'serve', '--port', '0'], {
    cwd: root,
    env: { ...process.env, ...env, DATABASE_URL: url, LOG_LEVEL: 'warn', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mainline serve did not start within 90 s:\n${output}`)), 90_000);
    child.stdout!.on('data', () => {
      const printed = /Mainline is running at (http:\/\/\S+)/.exec(output)?.[1];
      if (printed) {
        clearTimeout(timer);
        resolve(printed);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`mainline serve exited before it was ready:\n${output}`));
    });
  });
  return { child, base, output: () => output, exited };
}
