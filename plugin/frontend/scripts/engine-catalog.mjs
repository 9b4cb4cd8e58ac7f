// The frontend's catalog is the engine's: `dora catalog --json`.
//
//   node scripts/engine-catalog.mjs write DORA OUT_JSON
//       runs `DORA catalog --json` and writes its output to OUT_JSON
//       (src/generated/catalog.json; CMake runs this before bundling).
//   node scripts/engine-catalog.mjs check DORA GENERATED_JSON MODULE_JS
//       fails unless GENERATED_JSON holds exactly what `DORA catalog --json`
//       prints and MODULE_JS exports (as `catalog`) the same document.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import { checkModule } from './check-module.mjs';

function engineCatalog(dora) {
  const text = execFileSync(dora, ['catalog', '--json'], { encoding: 'utf8' });
  JSON.parse(text); // must be JSON
  return text;
}

export function checkCatalog(dora, generatedFile, moduleFile) {
  const problems = [];
  const printed = engineCatalog(dora);
  let generated = '';
  try {
    generated = readFileSync(generatedFile, 'utf8');
  } catch (e) {
    problems.push(`${generatedFile}: cannot read (${e.message}); the build writes it`);
  }
  if (generated && generated !== printed) {
    problems.push(`${generatedFile} differs from \`${dora} catalog --json\`; rebuild (ninja frontend_generated)`);
  }
  const { problems: moduleProblems, exports } = checkModule(moduleFile);
  problems.push(...moduleProblems.map((p) => `${moduleFile}: ${p}`));
  // Through JSON: the module ran in another realm (other prototypes).
  const bundled = exports?.catalog === undefined ? undefined : JSON.parse(JSON.stringify(exports.catalog));
  if (!isDeepStrictEqual(bundled, JSON.parse(printed))) {
    problems.push(`${moduleFile}: the bundled catalog (export \`catalog\`) differs from \`${dora} catalog --json\``);
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [mode, dora, file, moduleFile] = process.argv.slice(2);
  if (mode === 'write' && dora && file) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, engineCatalog(dora));
  } else if (mode === 'check' && dora && file && moduleFile) {
    const problems = checkCatalog(dora, file, moduleFile);
    if (problems.length > 0) {
      console.error(problems.join('\n'));
      process.exit(1);
    }
    console.log(`${file} and ${moduleFile} hold the catalog \`${dora} catalog --json\` prints`);
  } else {
    console.error('usage: engine-catalog.mjs write DORA OUT_JSON | check DORA GENERATED_JSON MODULE_JS');
    process.exit(2);
  }
}
