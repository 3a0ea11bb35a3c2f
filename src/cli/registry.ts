// Every `syncd` subcommand, in the order `syncd --help` lists them: a new command is a file under
// commands/ and one line here. A two-word name (`state get`) makes a group: `syncd state` alone
// asks for one of its commands.
import type { Command } from './command.js';
import { allJobsCommand } from './commands/all-jobs.js';
import { bulkCommand } from './commands/bulk.js';
import { cancelCommand } from './commands/cancel.js';
import { createCommand } from './commands/create.js';
import { editCommand } from './commands/edit.js';
import { eventsCommand } from './commands/events.js';
import { getCommand } from './commands/get.js';
import { jobsCommand } from './commands/jobs.js';
import { listCommand } from './commands/list.js';
import { pauseCommand } from './commands/pause.js';
import { previewCommand } from './commands/preview.js';
import { recordsCommand } from './commands/records.js';
import { resumeCommand } from './commands/resume.js';
import { resyncCommand } from './commands/resync.js';
import { stateClearCommand } from './commands/state-clear.js';
import { stateGetCommand } from './commands/state-get.js';
import { stateSetCommand } from './commands/state-set.js';
import { triggerCommand } from './commands/trigger.js';

export const COMMANDS: readonly Command[] = [
  listCommand,
  getCommand,
  jobsCommand,
  allJobsCommand,
  recordsCommand,
  previewCommand,
  createCommand,
  editCommand,
  pauseCommand,
  resumeCommand,
  triggerCommand,
  cancelCommand,
  resyncCommand,
  bulkCommand,
  stateGetCommand,
  stateSetCommand,
  stateClearCommand,
  eventsCommand,
];
