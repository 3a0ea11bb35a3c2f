// The dashboard's shared mutable state: one object, imported by every module that reads or changes it.

export const state = {
  status: '',
  // How many list pages the user has opened, so a refresh shows as many again.
  pages: 1,
  // Bumped by every list load; a load that finds it changed was superseded and draws nothing.
  listGeneration: 0,
  refreshing: false,
  selectedId: null,
  // The selected sync as last loaded: what Edit fills the form from and Resync acts on.
  selectedSync: null,
  // The selected sync's incremental cursor state as last loaded (GET /v1/syncs/:id/state).
  cursorState: null,
  detailGeneration: 0,
  recordsCursor: null,
  recordsExpanded: false,
  refreshError: false,
  // An empty system opens the form once; after that the user decides.
  offeredForm: false,
  // The sync the form edits (as it was when opened, to tell what changed), or null when creating.
  editing: null,
};
