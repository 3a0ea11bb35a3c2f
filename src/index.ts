// The syncd package: the typed Node SDK and the contracts it shares with the API.
export * from './contracts/index.js';
export { SyncClient, type PageOptions, type RecordOptions, type SyncClientOptions } from './sdk/sync-client.js';
export * from './sdk/errors.js';
export * from './webhooks/signature.js';
