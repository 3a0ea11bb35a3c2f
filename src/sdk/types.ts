// The SDK's zod-derived types: the generated ones (api-types.ts) put through the contracts' own
// generic shapes, so the published declarations reach neither zod nor the zod contracts.
import type { DefinitionOf, SyncOf } from '../contracts/sync.js';
import type { Auth, CreateSyncBody } from './api-types.js';

export type { Auth, BulkFilter, CreateSyncInput, JsonValue, Paging, RecordFilter, UpdateSyncInput } from './api-types.js';
export type AuthType = Auth['type'];
export type SyncDefinition = DefinitionOf<CreateSyncBody, Auth>;
export type Sync = SyncOf<SyncDefinition>;
