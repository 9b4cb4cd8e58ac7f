// Checks a built module.js: AMD shape, only the shared externals as
// dependencies, an export named `plugin` with the editors and query help set, no bundled
// React/Grafana code, and none of the byte strings that make Grafana treat a
// plugin as Angular (it then refuses to load it). Returns the problems and
// the module's exports (evaluated with stand-ins for the shared packages).
// Usage: node scripts/check-module.mjs path/to/module.js
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

export const ANGULAR_PATTERNS = [
  'PanelCtrl',
  'ConfigCtrl',
  'app/plugins/sdk',
  'angular.isNumber(',
  'editor.html',
  'ctrl.annotation',
  'getLegacyAngularInjector',
  '"QueryCtrl"',
  "'QueryCtrl'",
];
export const ALLOWED_DEPS = ['exports', 'react', 'react-dom', '@grafana/data', '@grafana/ui', '@grafana/runtime', '@emotion/css', 'lodash', 'rxjs', 'rxjs/operators'];

export function checkModule(file) {
  const problems = [];
  const buf = readFileSync(file);
  const text = buf.toString('utf8');
  for (const p of ANGULAR_PATTERNS) {
    if (buf.includes(Buffer.from(p))) {
      problems.push(`contains the Angular marker ${JSON.stringify(p)}`);
    }
  }
  for (const marker of ['react.production', 'react-dom.production', '__SECRET_INTERNALS', 'createRoot', 'node_modules']) {
    if (text.includes(marker)) {
      problems.push(`looks like it bundles a shared dependency (${marker})`);
    }
  }
  // Evaluate the AMD module with stand-ins for the shared packages.
  let deps;
  let factory;
  const define = (d, f) => {
    deps = d;
    factory = f;
  };
  define.amd = true;
  vm.runInNewContext(text, { define, console });
  if (!Array.isArray(deps) || typeof factory !== 'function') {
    problems.push('is not an AMD module (define([...], factory))');
    return { problems, deps: [], size: buf.length, exports: {} };
  }
  for (const d of deps) {
    if (!ALLOWED_DEPS.includes(d)) {
      problems.push(`depends on '${d}', which Grafana does not provide`);
    }
  }
  const calls = [];
  class DataSourcePlugin {
    constructor(ds) {
      this.DataSourceClass = ds;
    }
  }
  for (const m of ['setConfigEditor', 'setQueryEditor', 'setQueryEditorHelp', 'setVariableQueryEditor', 'setAnnotationQueryCtrl', 'setQueryCtrl', 'setConfigCtrl']) {
    DataSourcePlugin.prototype[m] = function (c) {
      calls.push(m);
      this[m.replace(/^set/, '')] = c;
      return this;
    };
  }
  const anyStub = () => new Proxy(function () {}, { get: (t, k) => (k === 'prototype' ? {} : k === '__esModule' ? false : anyStub()), construct: () => ({}) });
  const exportsObj = {};
  const args = deps.map((d) => {
    if (d === 'exports') { return exportsObj; }
    if (d === '@grafana/data') { return new Proxy({ DataSourcePlugin }, { get: (t, k) => (k in t ? t[k] : k === '__esModule' ? false : anyStub()) }); }
    if (d === '@grafana/runtime') { return new Proxy({ DataSourceWithBackend: class {} }, { get: (t, k) => (k in t ? t[k] : k === '__esModule' ? false : anyStub()) }); }
    return anyStub();
  });
  factory(...args);
  const plugin = exportsObj.plugin;
  if (!(plugin instanceof DataSourcePlugin)) {
    problems.push('has no export named `plugin` that is a DataSourcePlugin');
  } else {
    for (const m of ['setConfigEditor', 'setQueryEditor', 'setQueryEditorHelp']) {
      if (!calls.includes(m)) { problems.push(`plugin does not call ${m}`); }
    }
    for (const m of ['setAnnotationQueryCtrl', 'setQueryCtrl', 'setConfigCtrl']) {
      if (calls.includes(m)) { problems.push(`plugin uses the Angular API ${m}`); }
    }
  }
  return { problems, deps, size: buf.length, exports: exportsObj };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2] ?? 'dist/module.js';
  const { problems, deps, size } = checkModule(file);
  if (problems.length > 0) {
    console.error(`${file}:\n  ` + problems.join('\n  '));
    process.exit(1);
  }
  console.log(`${file}: AMD module, ${size} bytes, deps [${deps.join(', ')}], exports plugin, no Angular markers`);
}
