import { createHash } from 'node:crypto';
import { canonicalJson } from '../src/storage/canonical-json.js';
import { benchRecords } from './records.js';
const data = JSON.parse(JSON.stringify(benchRecords(200_000))) as unknown[];
const keyCache = new Map<string, string>();
function v2(value: unknown): string {
  switch (typeof value) {
    case 'string': return JSON.stringify(value);
    case 'number': return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean': return value ? 'true' : 'false';
    case 'object': break;
    default: return JSON.stringify(value) ?? 'null';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + v2(value[i]);
    return out + ']';
  }
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  let out = '{'; let first = true;
  for (const k of keys) {
    const item = o[k];
    if (item === undefined) continue;
    let qk = keyCache.get(k);
    if (qk === undefined) { qk = JSON.stringify(k) + ':'; if (keyCache.size < 10000) keyCache.set(k, qk); }
    out += (first ? '' : ',') + qk + v2(item);
    first = false;
  }
  return out + '}';
}
function sortedReplacer(this: unknown, _k: string, v: unknown) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  let sorted = true;
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) { sorted = false; break; }
  if (sorted) return v;
  keys.sort();
  const copy: Record<string, unknown> = {};
  for (const k of keys) copy[k] = o[k];
  return copy;
}
const v3 = (value: unknown) => JSON.stringify(value, sortedReplacer) ?? 'null';
for (const d of data) { const c = canonicalJson(d); if (v2(d) !== c) throw new Error('v2 differs'); if (v3(d) !== c) throw new Error('v3 differs ' + v3(d) + ' ' + c); }
const time = (label: string, f: (d: unknown) => string) => {
  const t = performance.now();
  for (const d of data) createHash('sha256').update(f(d)).digest('base64url');
  const s = (performance.now() - t) / 1000;
  console.log(label.padEnd(50), s.toFixed(2), 's', ((s * 1e6) / data.length).toFixed(1), 'µs/rec');
};
for (let i = 0; i < 2; i++) {
  time('today canonicalJson + sha256', canonicalJson);
  time('typeof-switch + key cache + sha256', v2);
  time('JSON.stringify w/ sorting replacer + sha256', v3);
  time('JSON.stringify + sha256', (d) => JSON.stringify(d));
}
import * as crypto from 'node:crypto';
const oneShot = (crypto as unknown as { hash: (alg: string, data: string, enc: string) => string }).hash;
const time2 = (label: string, f: (d: unknown) => string) => {
  const t = performance.now();
  for (const d of data) f(d);
  const s = (performance.now() - t) / 1000;
  console.log(label.padEnd(50), s.toFixed(2), 's', ((s * 1e6) / data.length).toFixed(1), 'µs/rec');
};
for (let i = 0; i < 2; i++) {
  time2('JSON.stringify only', (d) => JSON.stringify(d));
  time2('JSON.stringify + crypto.hash sha256 one-shot', (d) => oneShot('sha256', JSON.stringify(d), 'base64url'));
  time2('JSON.stringify + createHash sha256', (d) => createHash('sha256').update(JSON.stringify(d)).digest('base64url'));
  time2('canonicalJson + crypto.hash one-shot', (d) => oneShot('sha256', canonicalJson(d), 'base64url'));
  time2('typeof-switch canonical + crypto.hash one-shot', (d) => oneShot('sha256', v2(d), 'base64url'));
}
