import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The part of esbuild's API used here (esbuild is not a dependency of this package: it is tsx's). */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<unknown>;
}
interface PluginBuild {
  onResolve(options: { filter: RegExp }, callback: (args: { path: string }) => { path: string; external: boolean }): void;
}

const child = fileURLToPath(new URL('./import-child.ts', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * import-child.ts and everything it imports bundled into one ES module by esbuild (tsx's own
 * dependency), to run on plain Node: the same code, without tsx's loader (whose transpiling
 * costs the process about 100 MB of RSS before the first row). Native modules stay outside,
 * imported from where they are installed. Undefined when esbuild cannot be loaded.
 */
export async function bundleImportChild(outfile: string): Promise<string | undefined> {
  let esbuild: Esbuild;
  try {
    esbuild = createRequire(createRequire(`${root}package.json`).resolve('tsx'))('esbuild') as Esbuild;
  } catch {
    return undefined;
  }
  const fromApi = createRequire(`${root}packages/api/package.json`);
  await esbuild.build({
    entryPoints: [child],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    plugins: [
      {
        name: 'native-modules-where-installed',
        setup(build: PluginBuild) {
          build.onResolve({ filter: /^@node-rs\/argon2$/ }, (args) => ({ path: fromApi.resolve(args.path), external: true }));
          build.onResolve({ filter: /^pg-native$/ }, () => ({ path: 'pg-native', external: true }));
        },
      },
    ],
  });
  return outfile;
}
