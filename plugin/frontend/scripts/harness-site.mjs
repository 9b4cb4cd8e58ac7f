// The pieces every harness page shares: bundling a page entry with React and
// @grafana/ui (esbuild), serving the page with Grafana's fonts, starting
// Debian's Chromium through playwright-core, and collecting what a page
// reports as broken.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// @grafana/ui's .mjs files default-import CommonJS modules that set
// exports.default (react-use/lib/useMeasure, react-custom-scrollbars-2);
// with .mjs importers esbuild follows Node and hands them module.exports
// instead. Use react-use's ESM build, and hand the others exports.default.
const CJS_DEFAULT_EXPORTS = { 'react-custom-scrollbars-2': 'lib/index.js' };
function esmDeepImports(root) {
  return {
    name: 'esm-deep-imports',
    setup(b) {
      b.onResolve({ filter: /^react-use\/lib\// }, (a) => ({
        path: path.join(root, 'node_modules/react-use/esm', a.path.slice('react-use/lib/'.length) + '.js'),
      }));
      b.onResolve({ filter: /^[\w-]+$/ }, (a) => (a.path in CJS_DEFAULT_EXPORTS ? { path: a.path, namespace: 'cjs-default' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'cjs-default' }, (a) => ({
        contents: `module.exports = require(${JSON.stringify(path.join(root, 'node_modules', a.path, CJS_DEFAULT_EXPORTS[a.path]))}).default;`,
        resolveDir: root,
        loader: 'js',
      }));
    },
  };
}

// Bundles `entry` (a .tsx under root) into `site`/`outName` (an IIFE), after
// emptying `site`; copies @grafana/ui's public images next to it. With
// `css`, the stylesheets the modules import (uPlot's) go to the same name
// with .css; without, they are dropped.
export async function buildSite(root, site, entry, outName, { css = false } = {}) {
  rmSync(site, { recursive: true, force: true });
  mkdirSync(site, { recursive: true });
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    outfile: path.join(site, outName),
    jsx: 'transform',
    jsxFactory: 'React.createElement',
    jsxFragment: 'React.Fragment',
    define: { 'process.env.NODE_ENV': '"development"', global: 'globalThis' },
    // Fonts of lazily loaded parts (Monaco) are not needed.
    loader: { '.svg': 'file', '.png': 'file', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.css': css ? 'css' : 'empty' },
    logLevel: 'error',
    absWorkingDir: root,
    plugins: [esmDeepImports(root)],
  });
  cpSync(path.join(root, 'node_modules/@grafana/ui/dist/public/img'), path.join(site, 'public/img'), { recursive: true });
}

// GlobalStyles loads Grafana's fonts from public/fonts/; serve the same
// families from @fontsource so the shots look like Grafana on any machine.
const INTER_WEIGHTS = { Light: 300, Regular: 400, Medium: 500, SemiBold: 600, Bold: 700 };
function fontFile(root, rel) {
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

// Serves `site` (and the fonts) on a loopback port: resolves with {origin, close()}.
export async function serveSite(root, site) {
  const fonts = path.join(root, 'node_modules/@fontsource');
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = fontFile(root, rel) ?? path.join(site, path.normalize(rel));
    if (!(file.startsWith(site) || file.startsWith(fonts)) || !existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

export async function launchChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found (apt-get install chromium; scripts/setup.sh does)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// The console errors, page errors, failed requests and HTTP errors of `page`
// from now on, appended to the returned array.
export function watchPage(page) {
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') { problems.push(`console error: ${m.text()}`); }
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) { problems.push(`HTTP ${r.status()} for ${r.url()}`); }
  });
  return problems;
}
