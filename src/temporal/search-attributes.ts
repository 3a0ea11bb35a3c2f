import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The Web UI filters syncs and jobs by these; the worker adds them to the namespace when missing (ensure-search-attributes.ts). */
export const SyncIdAttribute = defineSearchAttributeKey('SyncId', SearchAttributeType.INT);
export const SyncStatusAttribute = defineSearchAttributeKey('SyncStatus', SearchAttributeType.KEYWORD);

/** Every search attribute syncd writes; temporal.yaml's dev_server.search_attributes lists the same (a unit test checks). */
export const SYNCD_SEARCH_ATTRIBUTES = [SyncIdAttribute, SyncStatusAttribute];
