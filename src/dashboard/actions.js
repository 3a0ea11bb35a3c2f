// The per-sync action buttons (pause, resume, trigger, resync, cancel) of the list and the detail panel.

import { api, SYNCS } from './api.js';
import { el, syncName } from './dom.js';
import { ask } from './events.js';
import { expectJob } from './job-progress.js';
import { showNotice } from './notice.js';
import { state } from './state.js';

// The actions whose job the detail panel watches for, to show it as soon as it starts.
const STARTS_A_JOB = ['trigger', 'resync', 'resume'];

// Trigger and resync work while paused too: they run one job without resuming the schedule.
const ACTIONS_BY_STATUS = {
  active: ['pause', 'trigger', 'resync', 'cancel'],
  paused: ['resume', 'trigger', 'resync', 'cancel'],
  cancelled: [],
};

export function actionButtons(sync, { except = [] } = {}) {
  const actions = (ACTIONS_BY_STATUS[sync.status] ?? []).filter((action) => !except.includes(action));
  return actions.map((action) =>
    el(
      'button',
      {
        type: 'button',
        className: action === 'cancel' ? 'danger small' : 'small',
        onclick: (event) => {
          event.stopPropagation();
          void act(action, sync, event.currentTarget);
        },
      },
      action,
    ),
  );
}

function request(action, sync, options) {
  // Resync (a full job from scratch) has its own route; the rest are the seed's PUT actions.
  if (action === 'resync') return api('POST', `${SYNCS}/${sync.sync_id}/resync`, { clear_records: Boolean(options.clearRecords) });
  return api('PUT', SYNCS, { action, sync_id: sync.sync_id });
}

export async function act(action, sync, button, options = {}) {
  const name = syncName(sync);
  if (action === 'cancel' && !confirm(`Cancel sync ${name}? This is permanent: a cancelled sync can never run again.`)) return;
  button.disabled = true;
  try {
    await request(action, sync, options);
    showNotice(`Sync ${name}: ${action} done.`, 'ok');
    if (STARTS_A_JOB.includes(action) && state.selectedId === sync.sync_id) expectJob();
  } catch (error) {
    showNotice(`Could not ${action} sync ${name}: ${error.message}`);
  } finally {
    button.disabled = false;
  }
  await Promise.all([ask('refreshList'), state.selectedId === sync.sync_id ? ask('refreshDetail') : null]);
}
