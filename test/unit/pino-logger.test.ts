import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { captureLogs } from '../helpers/log-capture.js';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('the pino-backed Temporal Logger', () => {
  it('writes one JSON line per call: level name, time, pid, msg, and the metadata as fields', () => {
    const { logger, lines } = captureLogs();
    logger.info('job finished', { sync_id: 7, job_id: 12, workflowId: 'sync-7-job-1' });
    expect(lines()).toEqual([
      {
        level: 'info',
        time: expect.any(Number),
        pid: process.pid,
        msg: 'job finished',
        sync_id: 7,
        job_id: 12,
        workflowId: 'sync-7-job-1',
      },
    ]);
  });

  it("maps each of Temporal's levels to pino's, through log() and the level methods alike", () => {
    const { logger, lines } = captureLogs('trace');
    logger.trace('t');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    logger.log('WARN', 'through log');
    expect(lines().map((line) => [line.level, line.msg])).toEqual([
      ['trace', 't'],
      ['debug', 'd'],
      ['info', 'i'],
      ['warn', 'w'],
      ['error', 'e'],
      ['warn', 'through log'],
    ]);
  });

  it('drops lines below its level', () => {
    const { logger, lines } = captureLogs('warn');
    logger.debug('d', { a: 1 });
    logger.info('i');
    logger.warn('w');
    expect(lines().map((line) => line.msg)).toEqual(['w']);
  });

  it('serializes an error under `error` with its type, message and stack', () => {
    const { logger, lines } = captureLogs();
    logger.error('the worker stopped with an error', { error: new TypeError('x is undefined') });
    expect(lines()[0]).toMatchObject({
      level: 'error',
      error: { type: 'TypeError', message: 'x is undefined', stack: expect.stringContaining('TypeError: x is undefined') },
    });
  });

  it("leaves out the runtime's symbol-keyed metadata", () => {
    const { logger, lines } = captureLogs();
    logger.info('from core', { [Symbol('timestamp')]: 1n, sdkComponent: 'core' });
    expect(lines()[0]).toEqual({ level: 'info', time: expect.any(Number), pid: process.pid, msg: 'from core', sdkComponent: 'core' });
  });

  it('never writes authorization headers, API keys or tokens', () => {
    const { logger, lines } = captureLogs();
    logger.warn('a request failed', {
      authorization: 'Bearer top-level-secret',
      apiKey: 'k-secret',
      request: { headers: { authorization: 'Bearer nested-secret', accept: 'application/json' } },
      auth: { token: 't-secret', client_secret: 'c-secret' },
    });
    const [line] = lines();
    expect(JSON.stringify(line)).not.toMatch(/-secret/);
    expect(line).toMatchObject({
      authorization: '[redacted]',
      apiKey: '[redacted]',
      request: { headers: { authorization: '[redacted]', accept: 'application/json' } },
      auth: { token: '[redacted]', client_secret: '[redacted]' },
    });
  });
});

describe('SYNCD_LOG_LEVEL', () => {
  it('defaults to info', () => {
    expect(loadConfig(root, {}).logLevel).toBe('info');
  });

  it.each(['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const)('takes %s', (level) => {
    expect(loadConfig(root, { SYNCD_LOG_LEVEL: level }).logLevel).toBe(level);
  });

  it.each(['INFO', 'verbose', ''])('refuses %j, naming the variable', (value) => {
    expect(() => loadConfig(root, { SYNCD_LOG_LEVEL: value })).toThrow(ConfigError);
    expect(() => loadConfig(root, { SYNCD_LOG_LEVEL: value })).toThrow(/SYNCD_LOG_LEVEL/);
  });

  it('is the level of the logger built from the config', () => {
    const { logger, lines } = captureLogs(loadConfig(root, { SYNCD_LOG_LEVEL: 'error' }).logLevel);
    logger.warn('w');
    logger.error('e');
    expect(lines().map((line) => line.msg)).toEqual(['e']);
  });
});

describe('stdout', () => {
  const printLine = [process.execPath, '--import', 'tsx', 'test/helpers/print-log-line.ts'];
  const run = (file: string, args: string[]) => promisify(execFile)(file, args, { cwd: root });

  it('gets JSON lines when it is not a terminal', async () => {
    const { stdout } = await run(printLine[0]!, printLine.slice(1));
    expect(
      stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([expect.objectContaining({ level: 'info', msg: 'job finished', sync_id: 7, job_id: 12 })]);
  });

  // script(1) of util-linux runs the command with a pseudo-terminal as its stdout.
  it('gets pretty lines, not JSON, when it is a terminal', async () => {
    const { stdout: colored } = await run('script', ['--quiet', '--return', '--command', printLine.join(' '), '/dev/null']);
    const stdout = stripVTControlCharacters(colored);
    expect(stdout).toMatch(/INFO.*job finished/);
    expect(stdout).toMatch(/sync_id: 7/);
    expect(stdout).not.toContain('"msg"');
  });
});
