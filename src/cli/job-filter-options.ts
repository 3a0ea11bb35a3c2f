import { JOB_STATUSES, JOB_TRIGGERS } from '../contracts/job.js';
import type { JobOptions } from '../sdk/sync-client.js';
import { choiceOption, limitOption, stringOption } from './arguments.js';
import type { OptionSpec, OptionValues } from './command.js';
import { UsageError } from './exit-codes.js';
import { PAGE_OPTIONS } from './page-options.js';

/** The job filters of `jobs` and `all-jobs`, with paging. */
export const JOB_FILTER_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  status: { type: 'string', value: '<status>', description: `only jobs in this status: ${JOB_STATUSES.join(', ')}` },
  trigger: { type: 'string', value: '<trigger>', description: `only jobs started so: ${JOB_TRIGGERS.join(', ')}` },
  since: { type: 'string', value: '<age>', description: 'only jobs started within this long ago, e.g. 30m, 1h, 2d' },
  'started-after': { type: 'string', value: '<time>', description: 'only jobs started after this ISO 8601 time (with an offset)' },
  'started-before': { type: 'string', value: '<time>', description: 'only jobs started before this ISO 8601 time (with an offset)' },
  ...PAGE_OPTIONS,
};

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since 90m`: the start of that window, from now. */
function sinceOption(values: OptionValues, now: Date): string | undefined {
  const text = stringOption(values, 'since');
  if (text === undefined) return undefined;
  const match = /^(\d+)([smhd])$/.exec(text);
  if (!match) throw new UsageError(`--since takes a number and a unit (s, m, h or d), such as 30m or 2d, got "${text}"`);
  return new Date(now.getTime() - Number(match[1]) * UNIT_MS[match[2]!]!).toISOString();
}

/** The filters as the SDK takes them; the API checks the times and answers 400 naming a bad one. */
export function jobFilter(values: OptionValues, now = new Date()): JobOptions {
  const since = sinceOption(values, now);
  const after = stringOption(values, 'started-after');
  if (since !== undefined && after !== undefined) throw new UsageError('give --since or --started-after, not both');
  return {
    status: choiceOption(values, 'status', JOB_STATUSES),
    trigger: choiceOption(values, 'trigger', JOB_TRIGGERS),
    started_after: since ?? after,
    started_before: stringOption(values, 'started-before'),
    limit: limitOption(values),
    cursor: stringOption(values, 'cursor'),
  };
}
