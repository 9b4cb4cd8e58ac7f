// Shared helpers for the plugin tests: launch the binary as Grafana's
// go-plugin client does, read the handshake, build gRPC clients from proto/,
// decode frames with apache-arrow.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { RecordBatchReader, Type } from 'apache-arrow';

export const GRAFANA_ENV = {
  grafana_plugin_type: 'datasource',
  PLUGIN_PROTOCOL_VERSIONS: '2',
  PLUGIN_MIN_PORT: '10000',
  PLUGIN_MAX_PORT: '25000',
};

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

// Starts the plugin; resolves with {child, handshake, socketPath, stdoutLines, stderr()}.
export async function launchPlugin(bin, extraEnv = {}) {
  const child = spawn(bin, [], { env: { PATH: process.env.PATH, ...GRAFANA_ENV, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
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
  return { child, handshake, handshakeMs, socketPath: handshake.trim().split('|')[3], stdoutLines, stderr: () => stderr };
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

export function pluginContext(uid, url, jsonData, lastUpdatedMS = '1', password = '') {
  return {
    orgId: '1', pluginId: 'dora-metrics-datasource',
    dataSourceInstanceSettings: {
      uid, name: uid, url, user: 'postgres', jsonData: Buffer.from(JSON.stringify(jsonData)), lastUpdatedMS,
      decryptedSecureJsonData: password ? { password } : {},
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
