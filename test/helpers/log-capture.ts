import type { DestinationStream } from 'pino';
import { type PinoLogger, pinoLogger } from '../../app/pino-logger.js';
import type { LogLevelName } from '../../src/config/config.js';

/** One JSON line as pino wrote it. */
export type LogLine = Record<string, unknown> & { level: string; msg: string; time: number };

/** A pino-backed syncd logger writing to memory, so a test reads the very JSON lines a deployment would. */
export interface CapturedLogs {
  logger: PinoLogger;
  /** Every line written so far, parsed. */
  lines(): LogLine[];
}

export function captureLogs(level: LogLevelName = 'info'): CapturedLogs {
  const written: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void written.push(line) };
  const logger = pinoLogger({ level, destination });
  return { logger, lines: () => written.map((line) => JSON.parse(line) as LogLine) };
}
