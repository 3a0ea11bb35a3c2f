// `npm run worker`: a worker alone, for deployments that run more workers than APIs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSystem } from '../app/build-system.js';
import { runUntilSignalled } from '../app/run-until-signalled.js';
import { loadConfig } from '../src/config/config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await runUntilSignalled(() => buildSystem(loadConfig(root), { api: false }));
