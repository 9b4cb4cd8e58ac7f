// End to end: launch the built plugin exactly as Grafana's go-plugin client
// does, read its handshake, call every RPC over gRPC against a real
// PostgreSQL loaded with demo data, decode every frame with apache-arrow, and
// check the values against `dora query --format json`.
//
// Each target runs every check; with several targets, their answers must
// also be identical to the first target's (e.g. the arm64 binary under qemu
// against the amd64 one).
//
// usage: node plugin_e2e.mjs <dora binary> <repo root> [--pki <dir>] [--work <dir>] <target>...
//   direct=<plugin binary>            started as is; 127.0.0.1, sslmode disable
//   empty-root=<plugin binary>[,<qemu>]
//                                     started in an empty root (plugin_support.mjs
//                                     emptyRootLauncher) under <work>; connects by
//                                     host name (db.dora.test, from the root's
//                                     /etc/hosts) with TLS verify-full against the
//                                     test CA in <pki> (the cluster's ssl = on)
// env:   DORA_TEST_PG_URL (admin URL of the test cluster, from ctest)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import grpc from '@grpc/grpc-js';
import { Type, TimeUnit } from 'apache-arrow';
import {
  makeChecker, launchPlugin, clients, pluginContext, dataQuery, decodeFrame as decode,
  directLauncher, emptyRootLauncher, listTree, createDemoDatabase, clusterPassword, dataplaneViolations,
} from './plugin_support.mjs';

const argv = process.argv.slice(2);
const [doraBin, root] = argv.splice(0, 2);
const option = (name) => { const i = argv.indexOf(name); return i < 0 ? null : argv.splice(i, 2)[1]; };
const pkiDir = option('--pki');
const workDir = option('--work');
const targets = argv;
const adminUrl = process.env.DORA_TEST_PG_URL;
const { check, finish } = makeChecker();
const near = (a, b) => (a === null && b === null) || (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));

// --- database: a fresh database with demo data, via the dora CLI ---
const db = createDemoDatabase({ adminUrl, doraBin, name: `dora_e2e_${process.pid}`, check,
  demoArgs: ['--services', '8', '--days', '120', '--end', '2026-06-01'] });
const { dora, name: dbName } = db;
const FROM = '2026-03-03T00:00:00Z', TO = '2026-06-01T00:00:00Z';
const doraJson = (expr) => {
  const r = dora('query', '--format', 'json', '--from', FROM, '--to', TO, expr);
  if (r.status !== 0) throw new Error(`dora query ${expr}: ${r.stderr}`);
  return JSON.parse(r.stdout);
};
const port = new URL(adminUrl).port;
// Least-privilege roles (dora migrate --create-roles): health warns about a
// role that can write, and not about the reader.
const ingestRole = `dora_ingest_e2e_${process.pid}`, readerRole = `dora_reader_e2e_${process.pid}`;
const readerPassword = `reader-${process.pid}`;
const roles = spawnSync(doraBin, ['migrate', '--create-roles', '--ingest-role', ingestRole, '--reader-role', readerRole],
  { encoding: 'utf8', env: { ...process.env, DATABASE_URL: db.url, DORA_READER_PASSWORD: readerPassword } });
check(roles.status === 0, `dora migrate --create-roles: ${roles.stderr}`);

// A target: how to launch the binary and how its data source reaches PostgreSQL.
function parseTarget(spec) {
  const [kind, rest] = spec.split(/=(.*)/s);
  const [bin, qemu] = rest.split(',');
  if (kind === 'direct') {
    return { launcher: directLauncher(bin), url: `127.0.0.1:${port}`, jsonData: { sslmode: 'disable' }, secure: {} };
  }
  if (kind === 'empty-root') {
    if (!pkiDir || !workDir) throw new Error('empty-root targets need --pki and --work');
    const dir = join(workDir, `root-${bin.split('/').pop()}`);
    return {
      launcher: emptyRootLauncher(bin, dir, { hosts: '127.0.0.1 db.dora.test\n', qemu: qemu || null }),
      url: `db.dora.test:${port}`,
      jsonData: { sslmode: 'verify-full', tlsConfigurationMethod: 'file-content' },
      secure: { tlsCACert: readFileSync(join(pkiDir, 'ca.crt'), 'utf8') },
      emulated: Boolean(qemu),
    };
  }
  throw new Error(`unknown target ${spec}`);
}

async function runTarget(target) {
  const { launcher } = target;
  console.log(`--- ${launcher.name}`);
  const rootBefore = launcher.dir ? listTree(launcher.dir) : null;
  if (rootBefore) {
    const expected = ['etc/', 'etc/hosts', 'etc/resolv.conf', ...launcher.inner.map((p) => p.slice(1)), 'tmp/'].sort();
    check(isDeepStrictEqual(rootBefore, expected), `the empty root holds only ${expected.join(' ')} (${rootBefore.join(' ')})`);
  }
  const answers = {};

  // --- run by hand (no magic cookie): a clear message, exit 1, nothing on stdout ---
  const byHand = spawnSync(launcher.command[0], launcher.command.slice(1), { env: launcher.env, encoding: 'utf8' });
  check(byHand.status === 1 && byHand.stdout === '' && byHand.stderr.includes('Grafana starts it'),
    `run by hand: exit ${byHand.status}, stderr ${JSON.stringify(byHand.stderr)}`);

  // --- launch with Grafana's environment ---
  const plugin = await launchPlugin(launcher, { GF_VERSION: '12.0.0', GF_EDITION: 'Open Source' });
  const { child, handshake, socketPath, stdoutLines } = plugin;
  console.log(`handshake after ${plugin.handshakeMs.toFixed(1)} ms: ${handshake}`);
  const parts = handshake.trim().split('|');
  check(parts.length === 5 && parts[0] === '1' && parts[1] === '2' && parts[2] === 'unix' && parts[4] === 'grpc',
    `handshake line format: ${handshake}`);
  check(existsSync(socketPath), 'socket exists');

  const c = clients(root, socketPath);
  const call = (client, method, req) => c.call(client, method, req);
  const resourceCall = (req) => new Promise((res, rej) => {
    const msgs = [];
    const s = c.resource.CallResource(req);
    s.on('data', (m) => msgs.push(m));
    s.on('end', () => res(msgs));
    s.on('error', rej);
  });

  const settings = (jsonData, lastUpdatedMS = '1') => ({
    pluginContext: pluginContext('dora-e2e', target.url, { ...target.jsonData, ...jsonData }, lastUpdatedMS,
      { password: clusterPassword(), ...target.secure }),
  });
  const good = settings({ database: dbName });

  const ping = await call('health', 'Check', { service: 'plugin' });
  check(ping.status === 'SERVING', `health "plugin" is SERVING (${ping.status})`);

  const h = await call('diagnostics', 'CheckHealth', good);
  check(h.status === 'OK', `CheckHealth OK: ${h.message}`);
  const details = JSON.parse(h.jsonDetails.toString());
  check(details.host === target.url, `health details name the host (${details.host})`);
  // The version `dora migrate` left in the database, read there rather than written here.
  const migrated = Number(spawnSync('psql', ['-X', '-q', '-At', db.url, '-c', 'SELECT max(version) FROM dora_schema_migrations'],
    { encoding: 'utf8' }).stdout.trim());
  check(migrated >= 8 && details.schemaVersion === migrated && typeof details.eventsLast7Days === 'object',
    `health details is an object with the schema version (${details.schemaVersion}, database ${migrated})`);
  check(details.failureSignals === 'reference' && h.message.includes('Failed deploys: failed deploys and rollback deploys (reference)'),
    `health names the failure-signal policy in force: ${h.message}`);
  check(details.roleCanWrite === true && h.message.includes("Warning: the role 'postgres' can change delivery_events"),
    `health warns that the superuser could write: ${h.message}`);
  const asReader = await call('diagnostics', 'CheckHealth', {
    pluginContext: pluginContext('dora-e2e-reader', target.url, { ...target.jsonData, database: dbName }, '1',
      { ...target.secure, password: readerPassword }, readerRole),
  });
  const readerDetails = JSON.parse(asReader.jsonDetails.toString());
  check(asReader.status === 'OK' && readerDetails.roleCanWrite === false && !asReader.message.includes('Warning'),
    `health as the read-only role: no warning (${asReader.status} ${asReader.message})`);

  // --- QueryData: every frame decoded by apache-arrow, values equal dora query ---
  const query = (refId, expr, extra = {}) =>
    dataQuery(refId, expr, FROM, TO, { datasource: { type: 'dora-metrics-datasource', uid: 'dora-e2e' }, ...extra });

  const resp = await call('data', 'QueryData', { ...good, headers: {}, queries: [
    query('A', 'lead_time p90 by service'),
    query('B', 'deploys by team every 1w'),
    query('C', 'change_failure_rate band distribution'),
    query('D', 'lead_tme p90 by service'),
    query('E', 'deploys', { hide: true }),
    query('F', 'annotations rollbacks, incidents'),
  ] });
  // Malformed query models fail their own query with a 400 naming the field;
  // the process survives and the other queries answer (several queries run
  // on parallel threads: an escaping exception used to abort the plugin).
  const raw = (refId, model) => ({ ...query(refId, 'deploys'), json: Buffer.from(JSON.stringify({ refId, ...model })) });
  const malformed = await call('data', 'QueryData', { ...good, headers: {}, queries: [
    raw('H', { expr: 'deploys', hide: 'yes' }), raw('X', { expr: ['deploys'] }), raw('Z', { expr: 'deploys', timezone: 7 }),
    query('OK', 'deploys'),
  ] });
  const R = malformed.responses;
  check(R.H.status === 400 && R.H.error.includes('`hide` must be true or false, not "yes"') && R.H.errorSource === 'downstream',
    `hide: "yes" is a 400 naming the field (${R.H.status} ${R.H.error})`);
  check(R.X.status === 400 && R.X.error.includes('`expr` must be a string'), `expr as a list is a 400 (${R.X.error})`);
  check(R.Z.status === 400 && R.Z.error.includes('`timezone` must be a string'), `timezone as a number is a 400 (${R.Z.error})`);
  check(R.OK.status === 200, 'the well-formed query in the same request answers');
  const twice = await call('data', 'QueryData', { ...good, headers: {}, queries: [
    query('D', 'deploys'), query('D', 'lead_time p90'), query('E', 'deploys'),
  ] });
  check(twice.responses.D.status === 400 && twice.responses.D.error.includes("refId 'D' is used by 2 queries") &&
    twice.responses.E.status === 200, `a refId used twice is a 400, the others answer (${twice.responses.D.error})`);
  // A 15 MiB expression (just under the plugin's 16 MiB message limit) is a
  // 400 naming the size, answered at once, and leaves no core busy after it.
  const cpuSeconds = () => {
    const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;  // utime + stime, in clock ticks of 1/100 s
  };
  const huge = 'deploys where service in (' + "'x', ".repeat(3 * 1024 * 1024) + "'y')";
  const bigStart = Date.now();
  const big = await call('data', 'QueryData', { ...good, headers: {}, queries: [query('BIG', huge), query('OK', 'deploys')] });
  const bigMs = Date.now() - bigStart;
  check(big.responses.BIG.status === 400 && big.responses.BIG.error.includes('bytes long; the limit is 65536') &&
    big.responses.OK.status === 200,
    `a ${(huge.length / 1048576).toFixed(1)} MiB expression is a 400 naming the limit in ${bigMs} ms (${big.responses.BIG.error.slice(0, 80)})`);
  const cpuAfter = cpuSeconds();
  await new Promise((r) => setTimeout(r, 1000));
  const busy = cpuSeconds() - cpuAfter;
  check(busy < 0.2, `no core busy after answering it: ${busy.toFixed(2)} s of CPU in the next second`);
  // 16 MiB and more is past the plugin's gRPC message limit (Grafana's own):
  // refused by the transport, and the plugin lives on.
  const tooBig = await call('data', 'QueryData', { ...good, headers: {}, queries: [query('HUGE', 'x'.repeat(16 * 1024 * 1024))] })
    .then(() => 'answered', (e) => e.code);
  check(tooBig === grpc.status.RESOURCE_EXHAUSTED, `a 16 MiB expression is refused by the transport (${tooBig})`);
  const alive = await call('health', 'Check', { service: 'plugin' });
  check(alive.status === 'SERVING', 'the plugin is still serving after malformed models');

  const A = resp.responses.A;
  check(A.status === 200 && A.error === '' && A.frames.length === 1, `A ok (status ${A.status}, ${A.error})`);
  const a = decode(A.frames[0]);
  // A panel's metric table holds n, band, skewed and note beside the value:
  // a plain table, no data-plane type.
  check(a.meta.type === undefined && JSON.stringify(a.meta.typeVersion) === '[0,0]', 'A plain table [0,0]');
  check(a.meta.executedQueryString.includes('-- $1 ='), 'A executedQueryString has SQL and parameters');
  check(a.schema.metadata.get('refId') === 'A', 'A refId metadata');
  const valueField = a.schema.fields.find((f) => f.name === 'value');
  check(JSON.parse(valueField.metadata.get('config')).unit === 's', 'A value unit s');
  answers.A = a.rows;
  const wantA = doraJson('lead_time p90 by service');
  check(a.rows.length === wantA.length && wantA.length >= 5, `A rows ${a.rows.length} = dora ${wantA.length}`);
  wantA.forEach((w, i) => {
    const g = a.rows[i] || {};
    check(g.service === w.service && g.n === w.n && g.band === w.band && near(g.value, w.value),
      `A row ${w.service}: plugin ${JSON.stringify(g)} vs dora ${JSON.stringify(w)}`);
  });

  const B = resp.responses.B;
  check(B.status === 200 && B.frames.length >= 3, `B ok with one frame per team (${B.frames.length})`);
  const wantB = doraJson('deploys by team every 1w');
  let bPoints = 0;
  answers.B = B.frames.map((x) => decode(x).rows);
  B.frames.map(decode).forEach((f, i) => {
    if (i === 0) check(f.meta.type === 'timeseries-multi', 'B timeseries-multi');
    check(f.schema.fields[0].type.typeId === Type.Timestamp && f.schema.fields[0].type.unit === TimeUnit.NANOSECOND, 'B time is ns');
    const labels = JSON.parse(f.schema.fields[1].metadata.get('labels'));
    for (const row of f.rows) {
      bPoints++;
      const w = wantB.find((x) => (x.team ?? '') === labels.team && Date.parse(x.time) === row.time);
      check(w && near(row.value, w.value), `B ${labels.team} @${row.time}: ${row.value} vs ${w && w.value}`);
    }
  });
  check(bPoints === wantB.length, `B points ${bPoints} = dora ${wantB.length}`);

  const C = resp.responses.C;
  const cFrame = decode(C.frames[0]);
  for (const ref of ['A', 'B', 'C']) {
    const broken = dataplaneViolations(resp.responses[ref].frames.map(decode));
    check(broken.length === 0, `${ref} keeps its declared type (${broken.join('; ')})`);
  }
  answers.C = cFrame.rows;
  const wantC = doraJson('change_failure_rate band distribution');
  check(cFrame.rows.length === wantC.length && cFrame.rows.every((r, i) => r.band === wantC[i].band && r.value === wantC[i].value),
    'C band distribution equals dora');

  const D = resp.responses.D;
  check(D.status === 400 && D.errorSource === 'downstream' && D.error.includes("did you mean 'lead_time'"),
    `D positioned error, downstream 400: ${D.status} ${D.errorSource} ${D.error}`);
  check(resp.responses.E.status === 200 && resp.responses.E.frames.length === 0, 'E hidden query answers empty');

  const F = resp.responses.F;
  const f = decode(F.frames[0]);
  answers.F = f.rows;
  check(F.status === 200 && ['time', 'timeEnd', 'title', 'text', 'tags'].every((n, i) => f.schema.fields[i].name === n),
    'F annotations frame: time, timeEnd, title, text, tags');
  check(f.rows.length > 0 && f.rows.every((r) => r.kind === 'rollback' || r.kind === 'incident'), `F ${f.rows.length} rollback/incident events`);
  check(f.rows.some((r) => r.kind === 'incident' && r.timeEnd > r.time), 'F resolved incidents are regions');
  check(f.rows.every((r) => /^https:\/\//.test(r.url)), 'F every demo event links to its page (url)');

  // --- alerting: one numeric value per row, string labels only ---
  const alert = await call('data', 'QueryData', { ...good, headers: { FromAlert: 'true' }, queries: [query('A', 'lead_time p90 by service')] });
  const af = decode(alert.responses.A.frames[0]);
  check(af.schema.fields.length === 2 && af.schema.fields[0].type.typeId === Type.Utf8 && af.schema.fields[1].type.typeId === Type.Float,
    'alerting frame: service + value only');
  check(af.meta.type === 'numeric-long' && dataplaneViolations([af]).length === 0,
    `alerting frame: numeric-long, kept (${dataplaneViolations([af]).join('; ')})`);
  // Nothing in range: the data-plane "no data" form, one typed frame without fields.
  const quiet = await call('data', 'QueryData', { ...good, headers: { FromAlert: 'true' },
    queries: [query('A', "lead_time p90 by service where service = 'no-such-service'")] });
  const qf = quiet.responses.A.frames.map(decode);
  check(quiet.responses.A.status === 200 && qf.length === 1 && qf[0].meta.type === 'numeric-long' && qf[0].schema.fields.length === 0,
    `alerting with no data: one numeric-long frame without fields (${qf.length} frames, ${qf[0] && qf[0].schema.fields.length} fields)`);
  const tableAlert = await call('data', 'QueryData', { ...good, headers: { FromAlert: 'true' }, queries: [query('A', 'lead_time samples')] });
  check(tableAlert.responses.A.status === 400 && tableAlert.responses.A.errorSource === 'downstream' &&
    tableAlert.responses.A.error.includes('not values an alert can evaluate'), 'alerting refuses a table form with a clear error');
  const samples = await call('data', 'QueryData', { ...good, queries: [query('A', 'lead_time samples limit 3')] });
  const sf = decode(samples.responses.A.frames[0]);
  check(samples.responses.A.status === 200 && sf.rows.length === 3 && sf.schema.fields.map((x) => x.name).join() ===
    'service,team,environment,commit_sha,url,first_commit_at,deployed_at,outcome,reason,value' && sf.rows[0].value >= sf.rows[2].value,
    'samples frame: the slowest deploys first');

  // --- resources ---
  const cat = await resourceCall({ ...good, path: 'catalog', method: 'GET', url: 'catalog', headers: {}, body: Buffer.alloc(0) });
  check(cat.length === 1 && cat[0].code === 200 && JSON.parse(cat[0].body.toString()).metrics.length === 8, 'catalog');
  const svc = await resourceCall({ ...good, path: 'services', method: 'GET', url: 'services', headers: {}, body: Buffer.alloc(0) });
  const services = JSON.parse(svc[0].body.toString());
  answers.catalog = JSON.parse(cat[0].body.toString());
  answers.services = services;
  check(svc[0].code === 200 && services.length === 8 && services[0].text === services[0].value, `services (${services.length})`);
  // Chained variables: `values` narrows by the other variables' selection and
  // the time range. Two events with a team of their own: one in the range, one
  // before it; the expected lists come from psql over the same database.
  const dbPsql = (sql) => spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', db.url, '-c', sql], { encoding: 'utf8' });
  check(dbPsql(`INSERT INTO delivery_events (event_type, service, team, environment, occurred_at, success, source)
    VALUES ('deploy', 'chained-in', 'e2e''s team', 'staging', '2026-04-01Z', true, 'e2e'),
           ('deploy', 'chained-out', 'e2e''s team', 'prod', '2025-01-01Z', true, 'e2e')`).status === 0, 'insert chained-variable events');
  const valuesCall = async (query, range = true) => {
    const body = range ? { query, from: Date.parse(FROM), to: String(Date.parse(TO)) } : { query };
    const r = await resourceCall({ ...good, path: 'values', method: 'POST', url: 'values', headers: {}, body: Buffer.from(JSON.stringify(body)) });
    return { code: r[0].code, body: JSON.parse(r[0].body.toString()) };
  };
  const someTeams = dbPsql(`SELECT DISTINCT team FROM delivery_events WHERE team IS NOT NULL AND source <> 'e2e' ORDER BY 1 LIMIT 2`).stdout.trim().split('\n');
  const teamList = someTeams.map((t) => `'${t.replace(/'/g, "''")}'`).join(', ');
  const wantServices = dbPsql(`SELECT DISTINCT service FROM delivery_events WHERE team IN (${teamList})
    AND occurred_at >= '${FROM}' AND occurred_at < '${TO}' ORDER BY 1`).stdout.trim().split('\n');
  const chained = await valuesCall(`services where team in (${teamList})`);
  check(chained.code === 200 && JSON.stringify(chained.body.map((r) => r.value)) === JSON.stringify(wantServices) &&
    wantServices.length > 0 && wantServices.length < services.length,
    `values: services of teams ${teamList} in the range (${JSON.stringify(chained.body)} vs ${wantServices})`);
  const ownTeam = await valuesCall(`services where team = 'e2e''s team'`);
  check(ownTeam.code === 200 && JSON.stringify(ownTeam.body) === JSON.stringify([{ text: 'chained-in', value: 'chained-in' }]),
    `values: only what was seen in the range, every environment (${JSON.stringify(ownTeam.body)})`);
  const allTime = await valuesCall(`services where team = 'e2e''s team' and environment in (*)`, false);
  check(allTime.code === 200 && allTime.body.map((r) => r.value).join() === 'chained-in,chained-out', `values without a range: all time (${JSON.stringify(allTime.body)})`);
  const badValues = await valuesCall('services where tem = 1');
  check(badValues.code === 400 && badValues.body.detail.position === 16 && badValues.body.detail.suggestion === 'team' &&
    badValues.body.error.startsWith('variable query: bind error'), `values: a bad variable query is a positioned 400 (${JSON.stringify(badValues.body)})`);
  check(dbPsql(`DELETE FROM delivery_events WHERE source = 'e2e'`).status === 0, 'remove chained-variable events');
  const val = await resourceCall({ ...good, path: 'validate', method: 'POST', url: 'validate', headers: {},
    body: Buffer.from(JSON.stringify({ expr: 'deploys by servce' })) });
  const v = JSON.parse(val[0].body.toString());
  check(v.valid === false && v.error.position === 12 && v.error.suggestion === 'service', 'validate positions the error');

  // --- settings: invalid -> health ERROR naming the field; rebuilt on lastUpdatedMS ---
  const bad = settings({ database: dbName, minSample: 0 }, '2');
  const hb = await call('diagnostics', 'CheckHealth', bad);
  check(hb.status === 'ERROR' && hb.message.includes('jsonData.minSample') && JSON.parse(hb.jsonDetails.toString()).field === 'jsonData.minSample',
    `bad settings: health ERROR names the field (${hb.message})`);
  const qb = await call('data', 'QueryData', { ...bad, headers: {}, queries: [query('A', 'deploys')] });
  check(qb.responses.A.status === 400 && qb.responses.A.errorSource === 'downstream', 'bad settings: query 400 downstream');
  const wrongDb = await call('diagnostics', 'CheckHealth', settings({ database: 'no_such_db' }, '3'));
  check(wrongDb.status === 'ERROR' && wrongDb.message.includes('no_such_db'), `wrong database: ${wrongDb.message}`);
  const back = await call('diagnostics', 'CheckHealth', settings({ database: dbName }, '4'));
  check(back.status === 'OK', 'settings fixed: OK again without a restart');

  const metrics = await call('diagnostics', 'CollectMetrics', good);
  const text = metrics.metrics.prometheus.toString();
  check(text.includes('dora_plugin_queries_total{outcome="ok"}') && text.includes('dora_plugin_query_duration_seconds_bucket'),
    'CollectMetrics Prometheus text');

  // --- stdout stays clean, logs are JSON lines, secrets never logged ---
  check(stdoutLines.length === 1, `exactly one stdout line (${stdoutLines.length})`);
  const stderr = plugin.stderr();
  check(stderr.split('\n').filter(Boolean).every((l) => { try { return typeof JSON.parse(l)['@level'] === 'string'; } catch { return false; } }),
    'stderr is hclog JSON lines');
  check(clusterPassword().length > 10 && !stderr.includes(clusterPassword()), 'password never logged');
  check(!stderr.includes('BEGIN CERTIFICATE'), 'TLS material never logged');

  // --- SIGINT (Ctrl-C on Grafana reaches the process group) is ignored ---
  child.kill('SIGINT');
  await new Promise((r) => setTimeout(r, 300));
  check(child.exitCode === null, 'SIGINT ignored');
  check((await call('health', 'Check', { service: 'plugin' })).status === 'SERVING', 'still SERVING after SIGINT');

  // --- Shutdown: exits on its own well within go-plugin's 2 s, socket removed ---
  const stopAt = Date.now();
  const exited = new Promise((res) => child.on('exit', (code) => res(code)));
  await call('controller', 'Shutdown', {});
  // (Under qemu's emulation the gRPC shutdown itself runs several times slower.)
  const limitMs = target.emulated ? 6000 : 2000;
  const code = await Promise.race([exited, new Promise((res) => setTimeout(() => res('timeout'), limitMs))]);
  check(code === 0, `exit code after Shutdown: ${code} in ${Date.now() - stopAt} ms`);
  check(!existsSync(socketPath), 'socket removed on exit');
  if (rootBefore) {
    const after = listTree(launcher.dir);
    check(isDeepStrictEqual(after, rootBefore), `the empty root holds what it held before (socket and TLS files removed): ${after.join(' ')}`);
  }
  c.close();
  return answers;
}

const runs = [];
for (const spec of targets) runs.push(await runTarget(parseTarget(spec)));
for (let i = 1; i < runs.length; i++) {
  for (const key of Object.keys(runs[0])) {
    check(isDeepStrictEqual(runs[i][key], runs[0][key]), `${targets[i]}: answer ${key} identical to ${targets[0]}`);
  }
}
db.drop();
db.psql(`DROP ROLE IF EXISTS ${ingestRole}; DROP ROLE IF EXISTS ${readerRole}`);
finish();
