import { inspect } from 'node:util';
import type { Logger, LogLevel, LogMetadata } from '@temporalio/common';

export interface LogRecord {
  level: LogLevel;
  message: string;
  meta?: LogMetadata;
}

const SEVERITY: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };
/** The newest records kept, enough for a test's worth of worker logs without growing for a whole file. */
const KEPT = 2_000;

function levelOf(text: string | undefined): LogLevel {
  const level = text?.toUpperCase();
  return level !== undefined && level in SEVERITY ? (level as LogLevel) : 'ERROR';
}

/**
 * The logger of every syncd the tests build, and through it of Temporal's runtime (worker and
 * core). It keeps what it gets from INFO up, so a test can look at it and a failing test prints it (see
 * test-logs-setup.ts), and prints at once only from SYNCD_TEST_LOG_LEVEL up (ERROR unless set):
 * the activity and workflow failures tests provoke on purpose are WARN and stay quiet.
 */
export class TestLogger implements Logger {
  private readonly kept: LogRecord[] = [];
  private dropped = 0;

  constructor(private readonly printFrom: LogLevel) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    // Debug and trace lines (every activity started, every task) would crowd out the useful ones.
    if (SEVERITY[level] < SEVERITY.INFO) return;
    // Entries drop the runtime's symbol-keyed timestamp, which only clutters the printout.
    const plain = meta && Object.keys(meta).length > 0 ? Object.fromEntries(Object.entries(meta)) : undefined;
    const record: LogRecord = { level, message, ...(plain ? { meta: plain } : {}) };
    this.kept.push(record);
    if (this.kept.length > KEPT) {
      this.kept.shift();
      this.dropped += 1;
    }
    if (SEVERITY[level] >= SEVERITY[this.printFrom]) process.stderr.write(`${format(record)}\n`);
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

  /** A position in the log, for `since`. */
  mark(): number {
    return this.dropped + this.kept.length;
  }

  /** What was logged after `mark` (as much of it as is still kept). */
  since(mark: number): LogRecord[] {
    return this.kept.slice(Math.max(0, mark - this.dropped));
  }
}

export function format(record: LogRecord): string {
  return `[${record.level}] ${record.message}${record.meta ? ` ${inspect(record.meta, { depth: 4, breakLength: 120 })}` : ''}`;
}

export const testLogger = new TestLogger(levelOf(process.env.SYNCD_TEST_LOG_LEVEL));
