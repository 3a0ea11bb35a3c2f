import { describe, expect, it } from 'vitest';
import { cronProblem } from '../../src/contracts/cron.js';
import { ACCEPTED_CRONS, REJECTED_CRONS } from '../helpers/schedule-cases.js';

describe('cronProblem', () => {
  it.each(ACCEPTED_CRONS)('accepts %j', (expression) => {
    expect(cronProblem(expression)).toBeNull();
  });

  it.each(REJECTED_CRONS)('rejects %j saying %j', (expression, reason) => {
    expect(cronProblem(expression)).toContain(reason);
  });

  it('accepts a restricted day of week when the day of month is "*", and the other way round', () => {
    expect(cronProblem('0 9 * * 1')).toBeNull();
    expect(cronProblem('0 9 1 * *')).toBeNull();
  });

  it('names the field that is wrong', () => {
    expect(cronProblem('0 25 * * *')).toBe('hour 25 is outside 0-23');
    expect(cronProblem('0 0 * foo *')).toBe('month "foo" is not a number or a name such as "jan"');
  });
});
