import { cliActor, listVersions, publish, seedDemo, type DemoLogin, type OperationContext } from '@mainline/api';
import type { Database } from '@mainline/db';
import { loadTemplate, type TemplateId } from '@mainline/templates';

export interface DemoSetup {
  /** The version published now; null when a configuration was already published (it is kept). */
  publishedVersion: number | null;
  logins: DemoLogin[];
}

/**
 * `serve --demo`: publishes the template to the whole organisation unless something is
 * published already (an admin's own configuration is never replaced), then loads the demo
 * organisation and one demo user per role. Safe to run on every start.
 */
export async function loadDemo(database: Database, templateId: TemplateId, progress: (line: string) => void = () => {}): Promise<DemoSetup> {
  const ctx: OperationContext = { database, actor: cliActor('demo') };
  const pkg = loadTemplate(templateId);
  let publishedVersion: number | null = null;
  if ((await listVersions(ctx)).versions.length === 0) {
    progress(`publishing the ${templateId} template (creates one table per object)…`);
    const result = await publish(ctx, { package: pkg, message: `demo: ${templateId} template` });
    publishedVersion = result.versionId;
  }
  progress('loading the demo organisation and users…');
  const logins = await seedDemo(ctx, pkg);
  return { publishedVersion, logins };
}
