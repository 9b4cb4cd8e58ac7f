// Checks plugin.json against the rules Grafana's loader and plugin schema
// apply, and that dist/ holds a loadable bundle: plugin.json, module.js, the
// binary of every platform built, img/logo.svg and every dashboard
// plugin.json includes.
//
// usage: node check_plugin_bundle.mjs <repo root> <dist dir> [platform...]
//   platform: linux-amd64, linux-arm64 (default: linux-amd64)
import { readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [root, dist, ...platformArgs] = process.argv.slice(2);
const platforms = platformArgs.length ? platformArgs : ['linux-amd64'];
let failures = 0, passes = 0;
const check = (cond, what) => { if (cond) passes++; else { failures++; console.error(`FAIL ${what}`); } };

const p = JSON.parse(readFileSync(join(root, 'plugin.json'), 'utf8'));
check(/^[0-9a-z]+-([0-9a-z]+-)?(app|panel|datasource)$/.test(p.id), `id pattern: ${p.id}`);
check(p.id === 'dora-metrics-datasource', 'id');
check(p.type === 'datasource', 'type');
check(typeof p.name === 'string' && p.name.length > 0, 'name');
check(p.backend === true && p.executable === 'gpx_dora', 'backend + executable');
check(p.alerting === true && p.annotations === true && p.metrics === true, 'capabilities');
check(p.info && p.info.logos && p.info.logos.small && p.info.logos.large, 'info.logos');
check(/^\d+\.\d+\.\d+/.test(p.info.version), 'info.version semver');
check(/^\d{4}-\d{2}-\d{2}$/.test(p.info.updated), 'info.updated date');
check(Array.isArray(p.info.keywords) && p.info.keywords.length > 0, 'info.keywords');
check(p.dependencies && /^>=\d+\.\d+\.\d+$/.test(p.dependencies.grafanaDependency), 'dependencies.grafanaDependency');

check(JSON.stringify(JSON.parse(readFileSync(join(dist, 'plugin.json'), 'utf8'))) === JSON.stringify(p), 'dist/plugin.json is plugin.json');
// Grafana runs <dir>/<executable>_<os>_<arch>.
for (const platform of platforms) {
  const bin = join(dist, `${p.executable}_${platform.replace('-', '_')}`);
  check(existsSync(bin) && (statSync(bin).mode & 0o111) !== 0, `${bin} exists and is executable`);
}
for (const logo of new Set([p.info.logos.small, p.info.logos.large])) check(existsSync(join(dist, logo)), `logo ${logo}`);
check(existsSync(join(dist, 'img/logo.svg')), 'img/logo.svg');
// Every dashboard plugin.json includes, byte for byte the one in the repository.
const includes = p.includes || [];
check(includes.some((i) => i.type === 'dashboard'), 'plugin.json includes dashboards');
for (const inc of includes.filter((i) => i.type === 'dashboard')) {
  const shipped = join(dist, inc.path);
  check(existsSync(shipped), `dist/${inc.path} (included dashboard "${inc.name}")`);
  if (existsSync(shipped)) check(readFileSync(shipped, 'utf8') === readFileSync(join(root, inc.path), 'utf8'), `dist/${inc.path} is ${inc.path}`);
}
// The frontend: Grafana loads plugins/<id>/module.js for the editors.
const module = join(dist, 'module.js');
check(existsSync(module), 'module.js (the frontend bundle)');
// A hand-written module.js must not look like Angular, or Grafana refuses the plugin.
if (existsSync(module)) {
  const text = readFileSync(module, 'utf8');
  for (const s of ['PanelCtrl', 'ConfigCtrl', 'app/plugins/sdk', 'angular.isNumber(', 'editor.html', 'ctrl.annotation',
    'getLegacyAngularInjector', '"QueryCtrl"', "'QueryCtrl'"]) check(!text.includes(s), `module.js free of ${s}`);
}
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
