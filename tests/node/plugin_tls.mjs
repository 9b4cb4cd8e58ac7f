// TLS from the plugin to PostgreSQL, for real: the test cluster runs with
// ssl = on and a certificate for localhost and db.dora.test signed by a CA
// made with openssl (tests/tls/make_test_pki.sh); the role dora_tls_client
// may only log in with a client certificate signed by that CA (pg_hba cert).
// Every case goes through the built plugin over gRPC, CheckHealth first.
//
// usage: node plugin_tls.mjs <plugin binary> <dora binary> <repo root> <pki dir> <scratch dir>
// env:   DORA_TEST_PG_URL (admin URL of the test cluster, from ctest)
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeChecker, launchPlugin, clients, pluginContext, dataQuery, decodeFrame, createDemoDatabase } from './plugin_support.mjs';

const [pluginBin, doraBin, root, pki, scratch] = process.argv.slice(2);
const adminUrl = process.env.DORA_TEST_PG_URL;
const port = new URL(adminUrl).port;
const { check, finish } = makeChecker();
const pem = (name) => readFileSync(join(pki, name), 'utf8');

// --- a database with demo data, and the certificate-only role ---
const db = createDemoDatabase({ adminUrl, doraBin, name: `dora_tls_${process.pid}`, check,
  demoArgs: ['--services', '4', '--days', '30', '--end', '2026-06-01'] });
const dbName = db.name;
db.psql("DO $$ BEGIN CREATE ROLE dora_tls_client LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
db.psql('GRANT pg_read_all_data TO dora_tls_client');

// Key files given by path must be private, as libpq requires.
rmSync(scratch, { recursive: true, force: true });
mkdirSync(join(scratch, 'files'), { recursive: true });
mkdirSync(join(scratch, 'tmp'));
for (const f of ['ca.crt', 'other-ca.crt', 'client.crt', 'client.key']) copyFileSync(join(pki, f), join(scratch, 'files', f));
chmodSync(join(scratch, 'files', 'client.key'), 0o600);
const file = (name) => join(scratch, 'files', name);

// The plugin keeps its private files under TMPDIR: watch it.
const plugin = await launchPlugin(pluginBin, { TMPDIR: join(scratch, 'tmp') });
const c = clients(root, plugin.socketPath);
let version = 0;
const ctx = (host, jsonData, secure = {}, user = 'postgres') =>
  pluginContext(`tls-${++version}`, `${host}:${port}`, { database: dbName, ...jsonData }, String(version), secure, user);
const health = async (host, jsonData, secure, user) => {
  const h = await c.call('diagnostics', 'CheckHealth', { pluginContext: ctx(host, jsonData, secure, user) });
  return { ...h, details: JSON.parse(h.jsonDetails.toString() || '{}') };
};
const secrets = [pem('ca.crt'), pem('client.key')].map((p) => p.split('\n')[1]);  // a base64 line of each
const leaks = (text) => secrets.some((s) => text.includes(s)) || text.includes('PRIVATE KEY');

// --- verify-full by host name succeeds, with the CA as a path or as PEM text ---
let h = await health('localhost', { sslmode: 'verify-full', sslRootCertFile: file('ca.crt') });
check(h.status === 'OK', `verify-full, CA file, localhost: ${h.message}`);
h = await health('localhost', { sslmode: 'verify-full', tlsConfigurationMethod: 'file-content' }, { tlsCACert: pem('ca.crt') });
check(h.status === 'OK', `verify-full, CA as PEM text, localhost: ${h.message}`);
check(!leaks(h.message + JSON.stringify(h.details)), 'health never returns the TLS material');

// ...and the connection really is TLS: the server says so for the plugin's session.
const verified = ctx('localhost', { sslmode: 'verify-full', tlsConfigurationMethod: 'file-content' }, { tlsCACert: pem('ca.crt') });
const q = await c.call('data', 'QueryData', { pluginContext: verified, headers: {}, queries: [
  dataQuery('A', 'deploys by service', '2026-05-01T00:00:00Z', '2026-06-01T00:00:00Z')] });
check(q.responses.A.status === 200 && decodeFrame(q.responses.A.frames[0]).rows.length === 4,
  `QueryData over verify-full: ${q.responses.A.status} ${q.responses.A.error}`);
const ssl = spawnSync('psql', ['-X', '-tA', adminUrl, '-c',
  "SELECT count(*) FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) WHERE ssl AND application_name = 'grafana-dora-datasource'"],
{ encoding: 'utf8' });
check(Number(ssl.stdout.trim()) >= 1, `the plugin's sessions use TLS (pg_stat_ssl: ${ssl.stdout.trim()} ${ssl.stderr})`);

// The PEM text was written to private files in the plugin's scratch directory.
// (The gRPC socket lives in TMPDIR too, as go-plugin's sockets do.)
const tmpEntries = readdirSync(join(scratch, 'tmp')).filter((e) => !e.startsWith('plugin-dora-'));
check(tmpEntries.length === 1 && tmpEntries[0].startsWith('gpx-dora-'), `one private scratch directory (${tmpEntries})`);
const scratchDir = join(scratch, 'tmp', tmpEntries[0]);
check((statSync(scratchDir).mode & 0o777) === 0o700, 'scratch directory is 0700');
const tlsDirs = readdirSync(scratchDir).filter((d) => d.startsWith('tls-'));
check(tlsDirs.length >= 1 && tlsDirs.every((d) => (statSync(join(scratchDir, d)).mode & 0o777) === 0o700 &&
  readdirSync(join(scratchDir, d)).every((f) => (statSync(join(scratchDir, d, f)).mode & 0o777) === 0o600)),
'TLS files 0600 in 0700 directories');

// verify-ca checks the chain but not the name: 127.0.0.1 is fine.
h = await health('127.0.0.1', { sslmode: 'verify-ca', sslRootCertFile: file('ca.crt') });
check(h.status === 'OK', `verify-ca by address: ${h.message}`);

// --- what must fail, with an error that says why ---
h = await health('localhost', { sslmode: 'verify-full', sslRootCertFile: file('other-ca.crt') });
check(h.status === 'ERROR' && h.message.includes('certificate verify failed') && h.details.phase === 'database',
  `wrong CA: ${h.message}`);
h = await health('127.0.0.1', { sslmode: 'verify-full', sslRootCertFile: file('ca.crt') });
check(h.status === 'ERROR' && h.message.includes('does not match host name "127.0.0.1"'), `name mismatch: ${h.message}`);

// --- client certificates (pg_hba `cert` for dora_tls_client) ---
h = await health('localhost', { sslmode: 'verify-full', sslRootCertFile: file('ca.crt'),
  sslCertFile: file('client.crt'), sslKeyFile: file('client.key') }, {}, 'dora_tls_client');
check(h.status === 'OK', `client certificate by path: ${h.message}`);
h = await health('localhost', { sslmode: 'verify-full', tlsConfigurationMethod: 'file-content' },
  { tlsCACert: pem('ca.crt'), tlsClientCert: pem('client.crt'), tlsClientKey: pem('client.key') }, 'dora_tls_client');
check(h.status === 'OK', `client certificate as PEM text: ${h.message}`);
check(!leaks(h.message + JSON.stringify(h.details)), 'health never returns the client key');
h = await health('localhost', { sslmode: 'verify-full', sslRootCertFile: file('ca.crt') }, {}, 'dora_tls_client');
check(h.status === 'ERROR' && /certificate/.test(h.message), `no client certificate, refused: ${h.message}`);

// --- settings errors name their field (CheckHealth details.field) ---
const fieldOf = async (jsonData, secure = {}) => (await health('localhost', jsonData, secure)).details.field;
check(await fieldOf({ sslmode: 'verify-full' }) === 'jsonData.sslRootCertFile', 'verify-full without a CA');
check(await fieldOf({ sslmode: 'verify-full', sslRootCertFile: file('missing.crt') }) === 'jsonData.sslRootCertFile',
  'missing CA file');
check(await fieldOf({ sslmode: 'verify-full', tlsConfigurationMethod: 'file-content' },
  { tlsCACert: '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n' }) === 'secureJsonData.tlsCACert',
'bad PEM CA text');
check(await fieldOf({ sslmode: 'require', tlsConfigurationMethod: 'file-content' },
  { tlsClientCert: pem('client.crt'), tlsClientKey: pem('ca.key') }) === 'secureJsonData.tlsClientKey',
'a key that is not the certificate\'s');
check(await fieldOf({ sslmode: 'require', sslCertFile: file('client.crt') }) === 'jsonData.sslKeyFile', 'certificate without key');
chmodSync(file('client.key'), 0o644);
check(await fieldOf({ sslmode: 'require', sslCertFile: file('client.crt'), sslKeyFile: file('client.key') }) ===
  'jsonData.sslKeyFile', 'key file readable by others');

// --- host names: resolved by the plugin itself (c-ares), errors say which ---
h = await health('nowhere.dora.invalid', { sslmode: 'disable' });
check(h.status === 'ERROR' && h.message.includes("resolving host 'nowhere.dora.invalid'"), `unknown host: ${h.message}`);
// A plain connection still works where the server also accepts it.
h = await health('localhost', { sslmode: 'disable' });
check(h.status === 'OK', `sslmode disable: ${h.message}`);

// --- nothing secret in the logs; private files gone after Shutdown ---
check(!leaks(plugin.stderr()), 'logs never contain the TLS material');
const exited = new Promise((res) => plugin.child.on('exit', (code) => res(code)));
await c.call('controller', 'Shutdown', {});
check(await exited === 0, 'exit 0 after Shutdown');
check(readdirSync(join(scratch, 'tmp')).length === 0, `scratch directory removed (${readdirSync(join(scratch, 'tmp'))})`);

c.close();
db.drop();
finish();
