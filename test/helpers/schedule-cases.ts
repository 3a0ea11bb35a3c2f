/** Cron expressions syncd accepts; the e2e test checks that Temporal accepts each one too. */
export const ACCEPTED_CRONS = [
  '0 3 * * *',
  '*/5 * * * *',
  '5/15 * * * *',
  '0-30/10 8-18 * * *',
  '0 0 1,15 * *',
  '30 6 * * 1-5',
  '0 0 * * mon-fri',
  '0 0 * * SUN',
  '0 0 * * 0,6',
  '0 12 * jan-mar,dec *',
  '0 0 29 2 *',
  '59 23 31 12 *',
  '00 05 * * *',
  '  15   4  *  *  *  ',
];

/** Cron expressions syncd refuses, each with a word its message must contain. */
export const REJECTED_CRONS: [expression: string, reason: string][] = [
  ['H * * * *', 'not a number'],
  ['0 0 L * *', 'not a number'],
  ['5L * * * *', 'not a number'],
  ['0 0 * * 5L', 'not a number'],
  ['0 0 1W * *', 'not a number'],
  ['0 0 * * 1#2', 'not supported'],
  ['0 0 ? * *', 'not supported'],
  ['+5 * * * *', 'not supported'],
  ['60 * * * *', 'outside 0-59'],
  ['0 24 * * *', 'outside 0-23'],
  ['0 0 0 * *', 'outside 1-31'],
  ['0 0 * 13 *', 'outside 1-12'],
  ['0 0 * * 7', 'outside 0-6'],
  ['5-3 * * * *', 'ends before'],
  ['*/0 * * * *', 'step'],
  ['*/99999999999 * * * *', 'step'],
  ['0 0 1 * 1', 'not both'],
  ['0 0 31 2 *', 'never runs'],
  ['0 0 30 feb *', 'never runs'],
  ['@daily', '5 fields'],
  ['0 0 3 * * *', '5 fields'],
  ['0 0 * * fri-mon', 'ends before'],
  ['0 0 * january *', 'not a number'],
];

/** Time zone names syncd refuses although Intl or Temporal might take them. */
export const REJECTED_TIME_ZONES = [
  'utc',
  'europe/paris',
  'EUROPE/PARIS',
  'Local',
  '',
  'Factory',
  'Mars/Olympus',
  'Europe/Paris ',
  '+02:00',
];
