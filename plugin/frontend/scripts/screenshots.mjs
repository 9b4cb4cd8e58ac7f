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
import { build } from 'esbuild';
import { cpSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

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
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  console.error(`screenshots: ${CHROMIUM} not found (apt-get install chromium; scripts/setup.sh does)`);
  process.exit(1);
}

// @grafana/ui's .mjs files default-import CommonJS deep paths such as
// react-use/lib/useMeasure; with .mjs importers esbuild follows Node and hands
// them module.exports instead of exports.default. Use the packages' ESM builds.
const esmDeepImports = {
  name: 'esm-deep-imports',
  setup(b) {
    b.onResolve({ filter: /^react-use\/lib\// }, (a) => ({
      path: path.join(root, 'node_modules/react-use/esm', a.path.slice('react-use/lib/'.length) + '.js'),
    }));
  },
};

const site = path.join(outDir, 'harness');
rmSync(site, { recursive: true, force: true });
mkdirSync(site, { recursive: true });
await build({
  entryPoints: [path.join(root, 'harness/harness.tsx')],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  outfile: path.join(site, 'harness.js'),
  jsx: 'transform',
  jsxFactory: 'React.createElement',
  jsxFragment: 'React.Fragment',
  define: { 'process.env.NODE_ENV': '"development"', global: 'globalThis' },
  // Stylesheets and fonts of lazily loaded parts (Monaco) are not needed by these editors.
  loader: { '.svg': 'file', '.png': 'file', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.css': 'empty' },
  logLevel: 'error',
  absWorkingDir: root,
  plugins: [esmDeepImports],
});
copyFileSync(path.join(root, 'harness/index.html'), path.join(site, 'index.html'));
copyFileSync(moduleJs, path.join(site, 'module.js'));
cpSync(path.join(root, 'node_modules/@grafana/ui/dist/public/img'), path.join(site, 'public/img'), { recursive: true });

// GlobalStyles loads Grafana's fonts from public/fonts/; serve the same
// families from @fontsource so the shots look like Grafana on any machine.
const INTER_WEIGHTS = { Light: 300, Regular: 400, Medium: 500, SemiBold: 600, Bold: 700 };
function fontFile(rel) {
  const inter = /^public\/fonts\/inter\/Inter-(\w+)\.woff2$/.exec(rel);
  if (inter && INTER_WEIGHTS[inter[1]]) {
    return path.join(root, `node_modules/@fontsource/inter/files/inter-latin-${INTER_WEIGHTS[inter[1]]}-normal.woff2`);
  }
  if (/^public\/fonts\/roboto\/[\w-]+\.woff2$/.test(rel)) {
    return path.join(root, 'node_modules/@fontsource/roboto-mono/files/roboto-mono-latin-400-normal.woff2');
  }
  return undefined;
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.woff2': 'font/woff2' };
const server = http.createServer((req, res) => {
  const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
  const file = fontFile(rel) ?? path.join(site, path.normalize(rel));
  if (!(file.startsWith(site) || file.startsWith(path.join(root, 'node_modules/@fontsource'))) || !existsSync(file)) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/index.html`;

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

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
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') { problems.push(`console error: ${m.text()}`); }
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) { problems.push(`HTTP ${r.status()} for ${r.url()}`); }
  });
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
