// `npm run worker`: a worker alone, for deployments that run more workers than APIs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/config.js';
import { runSystem } from '../src/system.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const system = await runSystem(loadConfig(root), { worker: true, api: false });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void system.stop());
