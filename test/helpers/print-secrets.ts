// Prints the secrets syncd resolves for SYNCD_DB_PATH (generating them when missing), as one JSON
// line: for secrets-race.test.ts, which runs several at once.
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { resolveSecrets } from '../../src/config/secrets.js';

// All start at the same moment, so their check-then-create steps overlap.
const startAt = Number(process.env.START_AT ?? 0);
while (Date.now() < startAt) {
  // Spinning, not sleeping: a timer would wake each process at a slightly different time.
}
const secrets = resolveSecrets(loadConfig(path.resolve(import.meta.dirname, '..', '..')));
console.log(JSON.stringify({ key: secrets.key.toString('hex'), webhookSecret: secrets.webhookSecret }));
