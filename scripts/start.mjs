// `pnpm start`: until the server lands (issue 3), show what the foundation offers.
import { spawnSync } from 'node:child_process';

const run = (...args) => spawnSync('pnpm', ['-s', 'mainline', ...args], { stdio: 'inherit' });
console.log('Mainline — the server and the web apps arrive with the runtime issues.');
console.log('The foundation is here: the metamodel, the validator, the expression language and the templates.\n');
console.log('Starter templates (pnpm mainline templates):');
run('templates');
console.log('\nValidating the main-line template (pnpm mainline validate packages/templates/templates/main-line.json):');
run('validate', 'packages/templates/templates/main-line.json');
console.log('\nNext: pnpm mainline init complex-sales ./my-crm && pnpm mainline validate ./my-crm');
