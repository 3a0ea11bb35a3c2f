// A syncd worker in a process of its own, so tests can SIGKILL it and benches can measure it.
// Configured by environment: TEMPORAL_ADDRESS, SYNCD_TASK_QUEUE, SYNCD_DB_PATH, SYNCD_SECRET_KEY
// (hex), WORKFLOW_BUNDLE_PATH. Prints "ready" once polling, and its peak RSS in bytes on SIGTERM.
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { SecretBox } from '../../src/storage/secret-box.js';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { createSyncWorker } from '../../worker/create-worker.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

Runtime.install({ logger: new DefaultLogger('WARN') });
const address = required('TEMPORAL_ADDRESS');
const storage = new SqliteStorage({ file: required('SYNCD_DB_PATH'), secretBox: new SecretBox(Buffer.from(required('SYNCD_SECRET_KEY'), 'hex')) });
const connection = await Connection.connect({ address });
const nativeConnection = await NativeConnection.connect({ address });
const worker = await createSyncWorker({
  connection: nativeConnection,
  namespace: 'default',
  taskQueue: required('SYNCD_TASK_QUEUE'),
  storage,
  client: new Client({ connection }),
  webhookSecret: 'worker-process-webhook-secret',
  defaultWebhookUrl: undefined,
  workflowBundle: { codePath: required('WORKFLOW_BUNDLE_PATH') },
});
const running = worker.run();
console.log('ready');
await running;
console.log(`peak-rss-bytes ${process.resourceUsage().maxRSS * 1024}`);
await nativeConnection.close();
await connection.close();
await storage.close();
