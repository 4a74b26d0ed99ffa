import { relative } from 'node:path';
import type { Command } from 'commander';
import { schemasDir } from '@mainline/model';
import { loadTemplate, templateIds, templates, type TemplateId } from '@mainline/templates';
import { writeSplitPackage } from '../../config/write-package.ts';
import { cliLocale } from '../locale.ts';
import { UsageError } from '../usage-error.ts';
import { existsSync, readdirSync } from 'node:fs';

export function registerTemplates(program: Command): void {
  program
    .command('templates')
    .description('List the starter templates')
    .option('--lang <locale>', 'language: en or zh-CN')
    .action((options: { lang?: string }) => {
      const locale = cliLocale(options.lang);
      const width = Math.max(...templates.map((t) => t.id.length));
      for (const t of templates) process.stdout.write(`${t.id.padEnd(width)}  ${t.summary[locale]}\n`);
    });

  program
    .command('init')
    .description('Write a starter template into a directory as a split package, ready to edit and validate')
    .argument('<template>', `one of: ${templateIds.join(', ')}`)
    .argument('<dir>', 'target directory (must be empty or not exist)')
    .action((template: string, dir: string) => {
      if (!(templateIds as readonly string[]).includes(template)) {
        throw new UsageError(`unknown template "${template}"; choose one of: ${templateIds.join(', ')}`);
      }
      if (existsSync(dir) && readdirSync(dir).length > 0) throw new UsageError(`${dir} is not empty`);
      const pkg = loadTemplate(template as TemplateId);
      const files = writeSplitPackage(pkg, dir, relative(dir, `${schemasDir}config-package.schema.json`));
      process.stdout.write(`wrote ${files.length} files to ${dir}\nnext: pnpm mainline validate ${dir}\n`);
    });
}
