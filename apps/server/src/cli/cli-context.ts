import { cliActor, type OperationContext } from '@mainline/api';
import { withCliDatabase, type DatabaseFlags } from './cli-database.ts';

/** Runs `work` with an operation context on the CLI database (acting as the command line: every platform permission), then closes it. */
export function withCliContext<T>(flags: DatabaseFlags, work: (ctx: OperationContext) => Promise<T>): Promise<T> {
  return withCliDatabase(flags, (database) => work({ database, actor: cliActor() }));
}
