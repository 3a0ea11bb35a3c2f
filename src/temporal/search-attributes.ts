import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Registered on the dev server by temporal.yaml, so the Web UI can filter syncs and jobs. */
export const SyncIdAttribute = defineSearchAttributeKey('SyncId', SearchAttributeType.INT);
export const SyncStatusAttribute = defineSearchAttributeKey('SyncStatus', SearchAttributeType.KEYWORD);
