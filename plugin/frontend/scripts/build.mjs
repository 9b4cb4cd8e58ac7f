// Bundles src/module.ts into an AMD module.js (rollup.config.mjs) and checks
// it (scripts/check-module.mjs). Runs offline from node_modules installed by
// `npm ci` (scripts/setup.sh).
// Usage: node scripts/build.mjs [OUT_FILE]   (default dist/module.js)
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(path.join(root, 'node_modules/rollup')) || !existsSync(path.join(root, 'node_modules/rollup-plugin-esbuild'))) {
  console.error(`build: ${root}/node_modules is missing; run scripts/setup.sh (or npm ci in plugin/frontend) first`);
  process.exit(1);
}
const out = path.resolve(process.argv[2] ?? path.join(root, 'dist/module.js'));
process.env.DORA_MODULE_OUT = out;
process.chdir(root);

const { rollup } = await import('rollup');
const config = (await import(pathToFileURL(path.join(root, 'rollup.config.mjs')).href)).default;
const bundle = await rollup(config);
await bundle.write(config.output);
await bundle.close();

const { checkModule } = await import('./check-module.mjs');
const { problems, size } = checkModule(out);
if (problems.length) {
  console.error(`build: ${out}:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`build: ${out} (${size} bytes), AMD, shared dependencies external, no Angular markers`);
