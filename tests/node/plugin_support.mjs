// Shared helpers for the plugin tests: launch the binary as Grafana's
// go-plugin client does, read the handshake, build gRPC clients from proto/,
// decode frames with apache-arrow.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { RecordBatchReader, Type } from 'apache-arrow';
import YAML from 'yaml';

export const GRAFANA_ENV = {
  grafana_plugin_type: 'datasource',
  PLUGIN_PROTOCOL_VERSIONS: '2',
  PLUGIN_MIN_PORT: '10000',
  PLUGIN_MAX_PORT: '25000',
};

// A fresh database on the test cluster (admin URL), migrated by the dora CLI
// and loaded with its demo data (`demoArgs`, or none). Returns {name, url,
// psql(sql), dora(...args), drop()}; failures go through `check`.
export function createDemoDatabase({ adminUrl, doraBin, name, demoArgs = null, check }) {
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const psqlAt = (target, sql) => spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', target, '-c', sql], { encoding: 'utf8' });
  const dora = (...args) => spawnSync(doraBin, args, { encoding: 'utf8', env: { ...process.env, DATABASE_URL: url } });
  psqlAt(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  check(psqlAt(adminUrl, `CREATE DATABASE ${name}`).status === 0, `create database ${name}`);
  check(dora('migrate').status === 0, 'dora migrate');
  if (demoArgs) {
    const demo = dora('demo', ...demoArgs);
    check(demo.status === 0, `dora demo: ${demo.stderr}`);
  }
  return {
    name, url, dora,
    psql: (sql) => psqlAt(adminUrl, sql),
    drop: () => psqlAt(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

// The data source as provisioning/datasources/dora.yaml makes it, with
// Grafana's provisioning expansion ($VAR and ${VAR} from `env`, an unset one
// empty, $$ a literal $): {provisioned (the YAML entry), pluginContext (as
// Grafana sends it with every call)}.
export function provisionedDataSource(root, env) {
  const expand = (v) => (typeof v === 'string'
    ? v.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, a, b) => (m === '$$' ? '$' : env[a || b] ?? ''))
    : Array.isArray(v) ? v.map(expand) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expand(x)])) : v);
  const provisioned = expand(YAML.parse(readFileSync(join(root, 'provisioning/datasources/dora.yaml'), 'utf8')).datasources[0]);
  const context = {
    orgId: '1', pluginId: provisioned.type,
    dataSourceInstanceSettings: {
      id: '1', uid: provisioned.uid, name: provisioned.name, url: provisioned.url, user: provisioned.user,
      jsonData: Buffer.from(JSON.stringify(provisioned.jsonData)), lastUpdatedMS: '1',
      decryptedSecureJsonData: provisioned.secureJsonData,
    },
  };
  return { provisioned, pluginContext: context };
}

export function makeChecker() {
  const state = { passes: 0, failures: 0 };
  const check = (cond, what) => {
    if (cond) state.passes++;
    else { state.failures++; console.error(`FAIL ${what}`); }
  };
  const finish = () => {
    console.log(`${state.passes} passed, ${state.failures} failed`);
    process.exit(state.failures === 0 ? 0 : 1);
  };
  return { check, finish, state };
}

// How to start a plugin binary: directly, or inside an empty root.
//   {command: [argv...], env: {...}, hostPath(p): where a path the plugin
//    prints (its socket) is seen from here}
export function directLauncher(bin) {
  return { name: basename(bin), command: [bin], env: { PATH: process.env.PATH }, hostPath: (p) => p };
}

// An empty root holding only the binary, /etc/hosts, /etc/resolv.conf and an
// empty /tmp (plus, for a foreign architecture, the static qemu-user that
// runs it): nothing of the host's /lib, /usr or /etc is reachable. The
// plugin runs there through chroot (as root) or a user namespace, with only
// Grafana's environment (no PATH, no HOME).
export function emptyRootLauncher(bin, dir, { hosts, qemu = null }) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'etc'), { recursive: true });
  mkdirSync(join(dir, 'tmp'));
  chmodSync(join(dir, 'tmp'), 0o1777);
  writeFileSync(join(dir, 'etc/hosts'), hosts);
  writeFileSync(join(dir, 'etc/resolv.conf'), 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
  copyFileSync(bin, join(dir, basename(bin)));
  chmodSync(join(dir, basename(bin)), 0o755);
  const inner = ['/' + basename(bin)];
  if (qemu) {
    copyFileSync(qemu, join(dir, basename(qemu)));
    chmodSync(join(dir, basename(qemu)), 0o755);
    inner.unshift('/' + basename(qemu));
  }
  const enter = process.getuid() === 0 ? ['/usr/sbin/chroot', dir] : ['unshare', '--user', '--map-root-user', `--root=${dir}`];
  return {
    name: `${basename(bin)} in an empty root${qemu ? ` under ${basename(qemu)}` : ''}`,
    command: [...enter, ...inner],
    env: {},
    hostPath: (p) => join(dir, p),
    dir,
    inner,  // the programs inside the root, as absolute paths there
  };
}

// Every path under `dir` (relative, directories with a trailing '/').
export function listTree(dir, prefix = '') {
  const out = [];
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) out.push(`${rel}/`, ...listTree(dir, rel));
    else out.push(rel);
  }
  return out;
}

// Starts the plugin; resolves with {child, handshake, socketPath, stdoutLines, stderr()}.
// `bin` is a binary path or a launcher (directLauncher / emptyRootLauncher).
export async function launchPlugin(bin, extraEnv = {}) {
  const launcher = typeof bin === 'string' ? directLauncher(bin) : bin;
  const [cmd, ...args] = launcher.command;
  const child = spawn(cmd, args, { env: { ...launcher.env, ...GRAFANA_ENV, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const stdoutLines = [];
  const lines = createInterface({ input: child.stdout });
  const started = process.hrtime.bigint();
  const handshake = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no handshake within 10 s')), 10000);
    lines.on('line', (l) => { stdoutLines.push(l); if (stdoutLines.length === 1) { clearTimeout(timer); resolve(l); } });
    child.on('exit', (code) => reject(new Error(`plugin exited (${code}) before the handshake: ${stderr}`)));
  });
  const handshakeMs = Number(process.hrtime.bigint() - started) / 1e6;
  const socketPath = launcher.hostPath(handshake.trim().split('|')[3]);
  return { child, handshake, handshakeMs, socketPath, stdoutLines, stderr: () => stderr };
}

export function clients(root, socketPath) {
  const pkg = grpc.loadPackageDefinition(protoLoader.loadSync(
    ['pluginv2/backend.proto', 'plugin/grpc_controller.proto', 'grpc/health/v1/health.proto'],
    { includeDirs: [join(root, 'proto'), '/usr/share/grpc-proto'], keepCase: true, longs: String, enums: String, defaults: true }));
  const addr = `unix:${socketPath}`;
  const creds = grpc.credentials.createInsecure();
  const c = {
    data: new pkg.pluginv2.Data(addr, creds),
    diagnostics: new pkg.pluginv2.Diagnostics(addr, creds),
    resource: new pkg.pluginv2.Resource(addr, creds),
    health: new pkg.grpc.health.v1.Health(addr, creds),
    controller: new pkg.plugin.GRPCController(addr, creds),
  };
  c.call = (client, method, req) => new Promise((res, rej) => c[client][method](req, (e, r) => (e ? rej(e) : res(r))));
  c.close = () => Object.values(c).forEach((x) => x && typeof x.close === 'function' && x.close());
  return c;
}

// The superuser's password of a cluster scripts/pg.sh runs, from its libpq
// password file (default: PGPASSFILE, the test cluster's, set by ctest).
export function clusterPassword(passfile = process.env.PGPASSFILE) {
  if (!passfile || !existsSync(passfile)) return '';
  return readFileSync(passfile, 'utf8').split('\n')[0].split(':').slice(4).join(':');
}

// `secure`: a password string, or the whole decryptedSecureJsonData object.
// The `postgres` user gets the test cluster's password unless one is given
// (the plugin, like Grafana, passes no PGPASSFILE).
export function pluginContext(uid, url, jsonData, lastUpdatedMS = '1', secure = '', user = 'postgres') {
  const given = typeof secure === 'string' ? (secure ? { password: secure } : {}) : secure;
  const decrypted = user === 'postgres' && given.password === undefined && clusterPassword()
    ? { ...given, password: clusterPassword() } : given;
  return {
    orgId: '1', pluginId: 'dora-metrics-datasource',
    dataSourceInstanceSettings: {
      uid, name: uid, url, user, jsonData: Buffer.from(JSON.stringify(jsonData)), lastUpdatedMS,
      decryptedSecureJsonData: decrypted,
    },
  };
}

export function dataQuery(refId, expr, fromIso, toIso, extra = {}) {
  return {
    refId, maxDataPoints: '500', intervalMS: '3600000',
    timeRange: { fromEpochMS: String(Date.parse(fromIso)), toEpochMS: String(Date.parse(toIso)) },
    json: Buffer.from(JSON.stringify({ refId, expr, ...extra })),
  };
}

// Decodes one Arrow IPC file into {schema, rows, meta}; throws on anything
// that is not a complete IPC file.
export function decodeFrame(bytes) {
  const buf = Buffer.from(bytes);
  if (buf.subarray(0, 6).toString() !== 'ARROW1') throw new Error('frame is not an Arrow IPC file');
  const reader = RecordBatchReader.from(buf);
  if (!reader.isFile()) throw new Error('frame is not an Arrow IPC file');
  reader.open();
  const schema = reader.schema;
  const rows = [];
  for (const batch of reader) {
    for (let r = 0; r < batch.numRows; r++) {
      const row = {};
      schema.fields.forEach((f, i) => {
        const col = batch.getChildAt(i);
        if (!col.isValid(r)) { row[f.name] = null; return; }
        if (f.type.typeId === Type.Timestamp) row[f.name] = Number(col.data[0].values[r] / 1000000n);
        else if (f.type.typeId === Type.Int) row[f.name] = Number(col.data[0].values[r]);
        else row[f.name] = col.get(r);
      });
      rows.push(row);
    }
  }
  return { schema, rows, meta: schema.metadata.has('meta') ? JSON.parse(schema.metadata.get('meta')) : null };
}

// One Arrow IPC file as Grafana's frontend receives a frame (DataFrameJSON:
// schema with name, refId, meta and typed fields with labels and config;
// values column by column, times in epoch milliseconds).
const GRAFANA_FIELD_TYPES = { [Type.Timestamp]: 'time', [Type.Int]: 'number', [Type.Float]: 'number', [Type.Utf8]: 'string', [Type.Bool]: 'boolean' };
export function frameToJSON(bytes) {
  const f = decodeFrame(bytes);
  const meta = (key) => f.schema.metadata.get(key);
  const fields = f.schema.fields.map((x) => {
    const type = GRAFANA_FIELD_TYPES[x.type.typeId];
    if (!type) throw new Error(`field ${x.name}: Arrow type ${x.type} has no Grafana field type`);
    return {
      name: x.name, type,
      labels: x.metadata.has('labels') ? JSON.parse(x.metadata.get('labels')) : undefined,
      config: x.metadata.has('config') ? JSON.parse(x.metadata.get('config')) : {},
    };
  });
  return {
    schema: { name: meta('name') || undefined, refId: meta('refId'), meta: f.meta ?? undefined, fields },
    data: { values: f.schema.fields.map((x) => f.rows.map((r) => r[x.name])) },
  };
}

// What breaks the promise of the data-plane type a response (the decoded
// frames of one refId) declares; [] when nothing does. A reading of the
// contract (grafana/dataplane docs/contract, version 0.1, and its Go readers)
// independent of the plugin's own (src/frame/dataplane.h), with no remainder
// data allowed: numeric-long is string dimensions without nulls plus one
// number; timeseries-multi is a time field plus one number per frame; an
// empty answer is one typed frame without fields; untyped frames are free.
export function dataplaneViolations(frames) {
  const out = [];
  if (frames.length === 0) return out;
  const typeOf = (f) => (f.meta && f.meta.type) || '';
  const type = typeOf(frames[0]);
  const isNum = (x) => x.type.typeId === Type.Int || x.type.typeId === Type.Float;
  frames.forEach((f, i) => {
    const version = JSON.stringify((f.meta && f.meta.typeVersion) || [0, 0]);
    if (typeOf(f) !== type) out.push(`frame ${i}: type '${typeOf(f)}' after '${type}'`);
    if (version !== (type ? '[0,1]' : '[0,0]')) out.push(`frame ${i}: '${type}' with typeVersion ${version}`);
  });
  if (!type) return out;
  if (frames.length === 1 && frames[0].schema.fields.length === 0) return out; // no data
  if (frames.some((f) => f.schema.fields.length === 0)) out.push('a frame without fields beside others');
  if (type === 'numeric-long') {
    if (frames.length !== 1) out.push(`numeric-long in ${frames.length} frames`);
    const f = frames[0];
    const dims = f.schema.fields.filter((x) => x.type.typeId === Type.Utf8);
    const numbers = f.schema.fields.filter(isNum);
    if (dims.length + numbers.length !== f.schema.fields.length) out.push('numeric-long: a field neither string nor number');
    if (numbers.length !== 1) out.push(`numeric-long: ${numbers.length} numeric fields (${numbers.map((x) => x.name).join(', ')})`);
    if (f.rows.length === 0) out.push('numeric-long: fields but no rows (no data is a frame without fields)');
    if (f.rows.length > 1 && dims.length === 0) out.push('numeric-long: several rows, no dimension');
    for (const d of dims) {
      if (d.nullable || f.rows.some((r) => r[d.name] === null)) out.push(`numeric-long: dimension ${d.name} has nulls`);
    }
    if (f.schema.fields.some((x) => x.metadata.has('labels'))) out.push('numeric-long: field labels');
    const keys = f.rows.map((r) => JSON.stringify(dims.map((d) => r[d.name])));
    if (new Set(keys).size !== keys.length) out.push('numeric-long: repeated dimension sets');
  } else if (type === 'timeseries-multi') {
    const series = new Set();
    frames.forEach((f, i) => {
      const [time, value, ...rest] = f.schema.fields;
      if (!time || time.type.typeId !== Type.Timestamp || !value || !isNum(value) || rest.length) {
        out.push(`frame ${i}: not a time field and one number (${f.schema.fields.map((x) => x.name).join(', ')})`);
        return;
      }
      if (time.nullable) out.push(`frame ${i}: nullable time field`);
      if (f.rows.some((r, k) => k > 0 && !(r[time.name] > f.rows[k - 1][time.name]))) out.push(`frame ${i}: time not ascending`);
      const key = `${value.name} ${value.metadata.get('labels') || '{}'}`;
      if (series.has(key)) out.push(`frame ${i}: series ${key} again`);
      series.add(key);
    });
  } else {
    out.push(`a type this plugin does not produce: ${type}`);
  }
  return out;
}
