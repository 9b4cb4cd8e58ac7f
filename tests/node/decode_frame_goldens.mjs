// Decodes every tests/frame_goldens/*.arrow with apache-arrow (an Arrow
// implementation independent of ours) and checks schema, metadata, types,
// nullability and values against the readable .json golden beside it. Then
// proves the check can fail: corrupted and truncated files must be rejected.
//
// usage: node decode_frame_goldens.mjs <golden_dir>
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RecordBatchReader, Type, TimeUnit, Precision } from 'apache-arrow';

const dir = process.argv[2];
let failures = 0;
let checks = 0;
const fail = (msg) => { failures++; console.error(`FAIL ${msg}`); };
const eq = (a, b, what) => {
  checks++;
  const sa = JSON.stringify(a), sb = JSON.stringify(b);
  if (sa !== sb) fail(`${what}: got ${sa}, want ${sb}`);
};

function readFile(buf) {
  if (buf.subarray(0, 6).toString() !== 'ARROW1') throw new Error('no ARROW1 file magic');
  const reader = RecordBatchReader.from(buf);
  if (!reader.isFile()) throw new Error('not an Arrow IPC file');
  reader.open();
  const schema = reader.schema;  // read before iterating: the reader resets at the end
  if (!schema) throw new Error('no schema');
  const batches = [...reader];
  return { schema, batches };
}

// "2026-01-01T00:00:00.0000005Z" -> BigInt nanoseconds.
function isoToNanos(s) {
  const m = s.match(/^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/);
  const secs = BigInt(Date.parse(m[1] + 'Z')) / 1000n;
  const frac = (m[2] || '').padEnd(9, '0');
  return secs * 1000000000n + BigInt(frac);
}

function expectedType(t) {
  return { time: Type.Timestamp, float64: Type.Float, int64: Type.Int, string: Type.Utf8, bool: Type.Bool }[t];
}

function checkGolden(name) {
  const bytes = readFileSync(join(dir, `${name}.arrow`));
  const want = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'))[0];
  const { schema, batches } = readFile(bytes);
  eq(schema.metadata.get('name'), want.name, `${name} schema name`);
  eq(schema.metadata.get('refId'), want.refId, `${name} schema refId`);
  eq(schema.metadata.has('meta') ? JSON.parse(schema.metadata.get('meta')) : undefined, want.meta, `${name} meta`);
  eq(schema.fields.length, want.fields.length, `${name} field count`);
  const rows = batches.reduce((n, b) => n + b.numRows, 0);
  want.fields.forEach((wf, i) => {
    const f = schema.fields[i];
    const what = `${name}.${wf.name}`;
    eq(f.name, wf.name, `${what} name`);
    eq(f.nullable, wf.nullable, `${what} nullable`);
    eq(f.type.typeId, expectedType(wf.type), `${what} arrow type`);
    if (wf.type === 'time') {
      eq(f.type.unit, TimeUnit.NANOSECOND, `${what} unit`);
      eq(f.type.timezone ?? null, null, `${what} timezone`);
    }
    if (wf.type === 'int64') eq([f.type.bitWidth, f.type.isSigned], [64, true], `${what} int width`);
    if (wf.type === 'float64') eq(f.type.precision, Precision.DOUBLE, `${what} precision`);
    const tstype = { time: 'time', float64: 'number', int64: 'number', string: 'string', bool: 'boolean' }[wf.type];
    eq(f.metadata.get('tstype'), tstype, `${what} tstype`);
    eq(f.metadata.has('labels') ? JSON.parse(f.metadata.get('labels')) : undefined, wf.labels, `${what} labels`);
    eq(f.metadata.has('config') ? JSON.parse(f.metadata.get('config')) : undefined, wf.config, `${what} config`);
    eq(rows, wf.values.length, `${what} row count`);
    const got = [];
    for (const batch of batches) {
      const col = batch.getChildAt(i);
      for (let r = 0; r < batch.numRows; r++) {
        if (!col.isValid(r)) { got.push(null); continue; }
        if (wf.type === 'time' || wf.type === 'int64') {
          got.push(col.data[0].values[r].toString());  // raw 64-bit values, no unit conversion
        } else {
          got.push(col.get(r));
        }
      }
    }
    const expected = wf.values.map((v) => v === null ? null
      : wf.type === 'time' ? isoToNanos(v).toString()
      : wf.type === 'int64' ? String(v) : v);
    eq(got, expected, `${what} values`);
  });
}

const names = readdirSync(dir).filter((f) => f.endsWith('.arrow')).map((f) => f.slice(0, -6)).sort();
if (names.length === 0) fail(`no golden frames in ${dir}`);
for (const name of names) {
  try { checkGolden(name); } catch (e) { fail(`${name}: ${e.message}`); }
}

// The check must be able to fail: damaged files are rejected, not misread.
const sample = readFileSync(join(dir, 'all_types.arrow'));
const damaged = {
  'truncated footer': sample.subarray(0, sample.length - 10),
  'stream without file magic': sample.subarray(8),
  'corrupted footer length': Buffer.concat([sample.subarray(0, sample.length - 10), Buffer.from([0xff, 0xff, 0xff, 0x7f]), Buffer.from('ARROW1')]),
};
for (const [what, buf] of Object.entries(damaged)) {
  checks++;
  let rejected = false;
  try { readFile(buf); } catch { rejected = true; }
  if (!rejected) fail(`${what}: decoded without error`);
}

console.log(`${checks - failures} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
