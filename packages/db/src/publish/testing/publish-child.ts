import { openDatabase } from '../../connection/open-database.ts';
import { publishPackage } from '../publish-package.ts';
import { bigPackage } from './big-package.ts';

// A second process for the kill test: publishes a big package, reporting its steps on stdout, and
// stops inside the open transaction at the first step starting with `pauseAt`, so the test can
// SIGKILL it there.
const [url, pauseAt = 'never', objects = '60', fields = '60'] = process.argv.slice(2);
const database = await openDatabase({ url: url!, migrate: false, poolSize: 1 });
await publishPackage(database, bigPackage(Number(objects), Number(fields)), {
  beforeStep: async (step) => {
    process.stdout.write(`step ${step}\n`);
    if (step.startsWith(pauseAt)) {
      process.stdout.write('paused\n');
      await new Promise(() => undefined);
    }
  },
});
process.stdout.write('committed\n');
await database.close();
