// Records of a realistic size for the ingest bench: about 400 bytes of JSON each, with a nested
// object and a small array, generated deterministically so runs compare.
import type { FakeRecord } from '../test/helpers/fake-api.js';
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

export function benchRecords(count: number, seed = 42): FakeRecord[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const base = Date.UTC(2024, 0, 1);
  const records: FakeRecord[] = new Array(count);
  for (let index = 0; index < count; index += 1) {
    const id = index + 1;
    const first = pick(FIRST);
    const last = pick(LAST);
    const company = pick(COMPANIES);
    const tagCount = 1 + Math.floor(random() * 3);
    records[index] = {
      id,
      name: `${first} ${last}`,
      email: `${first.toLowerCase()}.${last.toLowerCase()}.${id}@${company.toLowerCase().replace(/[^a-z]/g, '')}.example.com`,
      company,
      plan: pick(PLANS),
      active: random() > 0.1,
      updated_at: new Date(base + Math.floor(random() * 365 * 86_400_000)).toISOString(),
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
  return records;
}

export function averageJsonBytes(records: readonly FakeRecord[], sample = 1000): number {
  const taken = records.slice(0, sample);
  const total = taken.reduce((sum, record) => sum + Buffer.byteLength(JSON.stringify(record)), 0);
  return Math.round(total / Math.max(1, taken.length));
}
