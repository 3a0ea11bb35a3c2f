import type { AuthSecrets } from '../contracts/auth.js';
import type { PreviewResult } from '../contracts/preview.js';
import type { SyncDefinition } from '../contracts/sync-definition.js';

/** Fetches the first `pages` pages of a validated definition, storing nothing (activities/preview-fetch.ts builds it). */
export type PreviewFetcher = (input: { definition: SyncDefinition; secrets: AuthSecrets | null; pages: number }) => Promise<PreviewResult>;
