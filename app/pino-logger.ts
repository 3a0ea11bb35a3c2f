import type { Logger, LogLevel, LogMetadata } from '@temporalio/common';
import { type DestinationStream, type Level, type Logger as Pino, pino } from 'pino';
import pretty from 'pino-pretty';
import type { LogLevelName } from '../src/config/config.js';

const PINO_LEVEL: Record<LogLevel, Level> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/**
 * Where a secret could sit in a log line's fields: authorization headers, API keys, tokens and
 * passwords, at the top or one level down (a request's `headers`, an `auth` block). pino writes
 * "[redacted]" in their place.
 */
export const REDACTED_PATHS = [
  'authorization',
  'apiKey',
  'api_key',
  'token',
  'access_token',
  'refresh_token',
  'client_secret',
  'password',
].flatMap((key) => [key, `*.${key}`, `*.headers.${key}`]);

export interface PinoLoggerOptions {
  level: LogLevelName;
  /** Where the JSON lines go; default stdout, pretty-printed when stdout is a terminal. */
  destination?: DestinationStream;
}

/** syncd's own pino instance: JSON lines with `time`, `level` (a name) and `msg`, errors under `error` serialized. */
export function createPino(options: PinoLoggerOptions): Pino {
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      formatters: { level: (label) => ({ level: label }) },
      serializers: { error: pino.stdSerializers.err, err: pino.stdSerializers.err },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    // pino-pretty runs as a stream in this thread: a worker-thread transport would slow every start.
    options.destination ?? (process.stdout.isTTY ? pretty({ colorize: true, sync: true }) : pino.destination(1)),
  );
}

/**
 * Temporal's `Logger` over pino, so syncd's call sites and Temporal's runtime (worker and core,
 * see runtime-logger.ts) write the same JSON lines. A line's metadata become its fields.
 */
export class PinoLogger implements Logger {
  constructor(readonly pino: Pino) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const method = PINO_LEVEL[level];
    if (!this.pino.isLevelEnabled(method)) return;
    if (meta === undefined) this.pino[method](message);
    else this.pino[method](meta, message);
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/** What `npm start` and `npm run worker` log with. */
export function pinoLogger(options: PinoLoggerOptions): PinoLogger {
  return new PinoLogger(createPino(options));
}
