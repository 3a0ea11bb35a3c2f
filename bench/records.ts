// Records of a realistic size for the ingest bench: about 400 bytes of JSON each, with a nested
// object and a small array, generated deterministically (by id) so runs compare.
import type { FakeRecord, RecordSource } from '../test/helpers/fake-api.js';
import { seededRandom } from '../test/helpers/seeded-random.js';

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Frances', 'Niklaus', 'Radia', 'John'];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Hamilton',
  'Thompson',
  'Allen',
  'Wirth',
  'Perlman',
  'McCarthy',
];
const COMPANIES = [
  'Initech',
  'Globex',
  'Umbrella Corp',
  'Hooli',
  'Vandelay Industries',
  'Stark Industries',
  'Wayne Enterprises',
  'Acme Inc',
];
const CITIES = ['Paris', 'Berlin', 'Lisbon', 'Oslo', 'Toronto', 'Osaka', 'Austin', 'Nairobi', 'Melbourne', 'Santiago'];
const TAGS = ['vip', 'trial', 'churn-risk', 'newsletter', 'beta', 'enterprise', 'smb', 'partner', 'edu', 'nonprofit'];
const PLANS = ['free', 'starter', 'team', 'business', 'enterprise'];
const BASE_TIME = Date.UTC(2024, 0, 1);

/**
 * Record `id`: the same whichever slice asks for it, since each record has a generator of its own
 * seeded by its id, so a million of them are made page by page and never held at once.
 */
export function benchRecord(id: number, seed = 42): FakeRecord {
  const random = seededRandom(seed ^ Math.imul(id, 0x9e3779b1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const first = pick(FIRST);
  const last = pick(LAST);
  const company = pick(COMPANIES);
  const tagCount = 1 + Math.floor(random() * 3);
  return {
    id,
    name: `${first} ${last}`,
    email: `${first.toLowerCase()}.${last.toLowerCase()}.${id}@${company.toLowerCase().replace(/[^a-z]/g, '')}.example.com`,
    company,
    plan: pick(PLANS),
    active: random() > 0.1,
    updated_at: new Date(BASE_TIME + Math.floor(random() * 365 * 86_400_000)).toISOString(),
    address: {
      street: `${1 + Math.floor(random() * 999)} ${pick(LAST)} Street`,
      city: pick(CITIES),
      postal_code: String(10_000 + Math.floor(random() * 89_999)),
      geo: { lat: Math.round((random() * 180 - 90) * 1e6) / 1e6, lng: Math.round((random() * 360 - 180) * 1e6) / 1e6 },
    },
    tags: Array.from({ length: tagCount }, () => pick(TAGS)),
    stats: { logins: Math.floor(random() * 5000), seats: 1 + Math.floor(random() * 200), mrr_cents: Math.floor(random() * 1_000_000) },
    notes: `Customer since ${2010 + Math.floor(random() * 14)}; account manager ${pick(FIRST)} ${pick(LAST)}.`,
  };
}

/** `count` bench records (ids 1 to count) made on demand, a slice at a time. */
export function benchRecordSource(count: number, seed = 42): RecordSource {
  return {
    length: count,
    slice(start, end) {
      const from = Math.max(0, start);
      const to = Math.min(count, end);
      return Array.from({ length: Math.max(0, to - from) }, (_, index) => benchRecord(from + index + 1, seed));
    },
  };
}

export function averageJsonBytes(source: RecordSource, sample = 1000): number {
  const taken = source.slice(0, sample);
  const total = taken.reduce((sum, record) => sum + Buffer.byteLength(JSON.stringify(record)), 0);
  return Math.round(total / Math.max(1, taken.length));
}
