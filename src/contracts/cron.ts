/**
 * The cron expressions syncd accepts: the subset that Temporal's schedule parser accepts with the
 * meaning classic cron gives it, so an accepted expression never fails or surprises at Temporal.
 * Pure and sandbox-safe.
 */

interface CronField {
  name: string;
  min: number;
  max: number;
  /** Three-letter English names, case-insensitive, for value min + index. */
  names?: readonly string[];
}

const FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  // Temporal also takes 7 for Sunday; 0-6 only keeps one spelling per day, as every cron has it.
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

const DAY_OF_MONTH = 2;
const MONTH = 3;
const DAY_OF_WEEK = 4;
/** The longest each month can be (February in leap years), to find days that never come. */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const ITEM = /^(?:(\*)|([0-9a-z]+)(?:-([0-9a-z]+))?)(?:\/([0-9]+))?$/i;

class CronProblem extends Error {}

function numberOf(text: string, field: CronField): number {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return field.min + named;
  if (!/^[0-9]{1,2}$/.test(text)) {
    throw new CronProblem(`${field.name} "${text}" is not a number${field.names ? ` or a name such as "${field.names[0]}"` : ''}`);
  }
  const value = Number(text);
  if (value < field.min || value > field.max) throw new CronProblem(`${field.name} ${value} is outside ${field.min}-${field.max}`);
  return value;
}

/** The values one field matches, and whether it is a bare "*". */
function expand(text: string, field: CronField): { values: Set<number>; any: boolean } {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const match = ITEM.exec(item);
    if (!match) throw new CronProblem(`${field.name} "${item}" is not a number, range, list or step (L, W, #, ? and H are not supported)`);
    const [, star, from, to, stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1 || step > field.max) throw new CronProblem(`${field.name} step "${stepText}" must be between 1 and ${field.max}`);
    const start = star ? field.min : numberOf(from!, field);
    const end = star || (stepText !== undefined && to === undefined) ? field.max : to === undefined ? start : numberOf(to, field);
    if (end < start) throw new CronProblem(`${field.name} range "${item}" ends before it starts`);
    for (let value = start; value <= end; value += step) values.add(value);
  }
  return { values, any: text === '*' };
}

/** Why `expression` is not a cron expression syncd runs, or null when it is one. */
export function cronProblem(expression: string): string | null {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return 'must have 5 fields: minute hour day-of-month month day-of-week, such as "0 3 * * *"';
  try {
    const fields = parts.map((part, index) => expand(part, FIELDS[index]!));
    const days = fields[DAY_OF_MONTH]!;
    const weekdays = fields[DAY_OF_WEEK]!;
    if (!days.any && !weekdays.any) {
      return 'give a day of month or a day of week, not both: Temporal runs only on days matching both, cron on days matching either';
    }
    const months = [...fields[MONTH]!.values];
    if (!months.some((month) => [...days.values].some((day) => day <= DAYS_IN_MONTH[month - 1]!))) {
      return 'never runs: no month it names has that day';
    }
    return null;
  } catch (error) {
    if (error instanceof CronProblem) return error.message;
    throw error;
  }
}
