// Renders the query and config editors of the BUILT module.js in a harness
// page (the host: React + @grafana/ui bundled by esbuild, an AMD define that
// hands module.js the shared packages as Grafana does, a fake backend
// answering getResource/postResource) and takes PNG screenshots with Debian's
// Chromium through playwright-core. Fails if the page logs any console error,
// throws, or a request fails.
//
// Usage: node scripts/screenshots.mjs OUT_DIR --module MODULE_JS [--docs DOCS_IMG_DIR]
//   OUT_DIR gets query-error.png, query-code.png, query-builder.png, config.png
//   --docs also copies query-error.png -> query-editor.png and config.png -> config-editor.png
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSite, launchChromium, serveSite, watchPage } from './harness-site.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const outDir = path.resolve(args[0] ?? path.join(root, 'artifacts'));
const docsIdx = args.indexOf('--docs');
const docsDir = docsIdx >= 0 ? path.resolve(args[docsIdx + 1]) : undefined;
const moduleIdx = args.indexOf('--module');
const moduleJs = path.resolve(moduleIdx >= 0 ? args[moduleIdx + 1] : path.join(root, 'dist/module.js'));
if (!existsSync(moduleJs)) {
  console.error(`screenshots: ${moduleJs} not found; build it first (cmake --build, or node scripts/build.mjs)`);
  process.exit(1);
}

const site = path.join(outDir, 'harness');
await buildSite(root, site, path.join(root, 'harness/harness.tsx'), 'harness.js');
copyFileSync(path.join(root, 'harness/index.html'), path.join(site, 'index.html'));
copyFileSync(moduleJs, path.join(site, 'module.js'));
const server = await serveSite(root, site);
const base = `${server.origin}/index.html`;

let browser;
try {
  browser = await launchChromium();
} catch (e) {
  console.error(`screenshots: ${e.message}`);
  process.exit(1);
}

const scenarios = [
  {
    name: 'query-error',
    async run(page) {
      await page.waitForSelector('[data-testid=dora-error-marker]');
      const marker = await page.textContent('[data-testid=dora-error-marker]');
      if (!marker.includes('^~~~~~~~')) { throw new Error(`error marker does not point at 'lead_tme': ${JSON.stringify(marker)}`); }
    },
  },
  {
    name: 'query-code',
    async run(page) {
      await page.waitForSelector('[data-testid=dora-validation-ok]');
      const box = page.getByLabel('Query');
      await box.click();
      await page.keyboard.press('End');
      await page.keyboard.type(' where service = ', { delay: 10 });
      await page.waitForSelector('[role=listbox] >> text=checkout');
      await page.keyboard.press('ArrowDown');
      // The list opens under the validation message, never over it.
      await page.waitForSelector('[data-testid=dora-validation-error]');
      const message = await page.locator('[data-testid=dora-validation-error]').boundingBox();
      const list = await page.locator('[role=listbox]').boundingBox();
      if (!message || !list || list.y < message.y + message.height) {
        throw new Error(`the suggestion list covers the validation message: ${JSON.stringify({ message, list })}`);
      }
    },
  },
  {
    name: 'query-builder',
    async run(page) {
      await page.waitForSelector('[data-testid=dora-query-builder]');
      await page.waitForSelector('[data-testid=dora-validation-ok]');
    },
  },
  {
    name: 'config',
    async run(page) {
      await page.waitForSelector('text=Data source settings');
      // Two Reset buttons: the saved password and the saved CA certificate (TLS section).
      await page.getByRole('button', { name: /reset/i }).nth(1).waitFor();
      await page.getByRole('radio', { name: 'Certificate content' }).waitFor({ state: 'attached' });
    },
  },
];

const failures = [];
mkdirSync(outDir, { recursive: true });
for (const s of scenarios) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 }, deviceScaleFactor: 1 });
  const problems = watchPage(page);
  try {
    await page.goto(`${base}#${s.name}`, { waitUntil: 'load' });
    await s.run(page);
    // Let icons load and transitions finish.
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
    const file = path.join(outDir, `${s.name}.png`);
    await page.locator('#frame').screenshot({ path: file });
    console.log(`screenshots: ${s.name} -> ${file}`);
  } catch (e) {
    problems.push(`scenario failed: ${e.message}`);
  }
  if (problems.length) { failures.push(`${s.name}:\n  ${problems.join('\n  ')}`); }
  await page.close();
}
await browser.close();
server.close();

if (failures.length) {
  console.error('screenshots: FAILED\n' + failures.join('\n'));
  process.exit(1);
}
if (docsDir) {
  mkdirSync(docsDir, { recursive: true });
  copyFileSync(path.join(outDir, 'query-error.png'), path.join(docsDir, 'query-editor.png'));
  copyFileSync(path.join(outDir, 'config.png'), path.join(docsDir, 'config-editor.png'));
  console.log(`screenshots: copied to ${docsDir}`);
}
console.log(`screenshots: ${scenarios.length} passed, 0 failed`);
