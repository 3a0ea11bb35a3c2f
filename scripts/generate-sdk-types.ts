// Writes src/sdk/api-types.ts from the zod contracts; run by `npm run build:sdk` before tsc.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { API_TYPES_FILE, renderApiTypes } from './sdk-types/render.js';

writeFileSync(path.resolve(import.meta.dirname, '..', API_TYPES_FILE), renderApiTypes());
