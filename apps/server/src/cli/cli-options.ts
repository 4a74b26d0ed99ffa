import type { Command } from 'commander';
import { UsageError } from './usage-error.ts';

/** Options every command that touches the database takes: where the data is, output and language. */
export interface CommonOptions {
  data?: string;
  json?: boolean;
  lang?: string;
}

/** Adds `--data`, `--json` and `--lang` to a command. */
export function withCommonOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'PGlite data directory (default .data/mainline; ignored when DATABASE_URL is set)')
    .option('--json', 'print the result as JSON')
    .option('--lang <locale>', 'message language: en or zh-CN');
}

/** A version number argument: a positive integer. */
export function versionNumber(value: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1) throw new UsageError(`"${value}" is not a version number`);
  return id;
}

/** A comma-separated list (`--to east,south`), without blanks. */
export function commaList(value: string, option: string): string[] {
  const items = value.split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`${option} needs at least one value`);
  return items;
}

/** Collects a repeatable option (`--role a@x --role b@y`) into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
