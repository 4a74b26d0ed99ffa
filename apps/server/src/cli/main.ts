import { Command, CommanderError } from 'commander';
import { registerAccess } from './commands/access.ts';
import { registerServe } from './commands/serve.ts';
import { registerOrg } from './commands/org.ts';
import { registerImport } from './commands/import.ts';
import { registerIncidents } from './commands/incidents.ts';
import { registerProcess } from './commands/process.ts';
import { registerExport } from './commands/export.ts';
import { registerPublish } from './commands/publish.ts';
import { registerPurge } from './commands/purge.ts';
import { registerPurgeLogs } from './commands/purge-logs.ts';
import { registerRecords } from './commands/records.ts';
import { registerRollout } from './commands/rollout.ts';
import { registerTasks } from './commands/tasks.ts';
import { registerTemplates } from './commands/templates.ts';
import { registerToken } from './commands/token.ts';
import { registerTypes } from './commands/types.ts';
import { registerUser } from './commands/user.ts';
import { registerValidate } from './commands/validate.ts';
import { registerVersions } from './commands/versions.ts';
import { UsageError } from './usage-error.ts';

const program = new Command('mainline')
  .description('Mainline — low-code CRM configuration studio')
  .exitOverride()
  .showHelpAfterError();

registerValidate(program);
registerTypes(program);
registerTemplates(program);
registerPublish(program);
registerRollout(program);
registerPurge(program);
registerVersions(program);
registerOrg(program);
registerImport(program);
registerExport(program);
registerRecords(program);
registerUser(program);
registerToken(program);
registerAccess(program);
registerTasks(program);
registerIncidents(program);
registerPurgeLogs(program);
registerProcess(program);
registerServe(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // help and version exit with 0; every other commander error is a usage error
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UsageError) {
    process.stderr.write(`mainline: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
