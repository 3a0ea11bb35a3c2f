import type { OptionSpec } from './command.js';

/** Where the API listens when neither --url nor SYNCD_URL says: the API's default port on this machine. */
export const DEFAULT_URL = 'http://127.0.0.1:3003';

/** Options every command takes, before or after its name. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  url: { type: 'string', value: '<url>', description: `the syncd API (default: SYNCD_URL, else ${DEFAULT_URL})` },
  'api-key': { type: 'string', value: '<key>', description: 'sent as a bearer token (default: SYNCD_API_KEY)' },
  json: { type: 'boolean', description: "print the API's JSON answer as it is, for scripts" },
  help: { type: 'boolean', short: 'h', description: 'show help' },
};
