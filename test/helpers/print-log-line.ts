// Logs one line with the logger `npm start` builds, to stdout as it is: for pino-logger.test.ts,
// which runs it with stdout a pipe and with stdout a terminal.
import { pinoLogger } from '../../app/pino-logger.js';

pinoLogger({ level: 'info' }).info('job finished', { sync_id: 7, job_id: 12 });
