// An entry point whose start prints "starting", takes START_MS and whose stop prints "stopped", run by
// run-until-signalled.test.ts in a process of its own.
import { setTimeout as sleep } from 'node:timers/promises';
import { runUntilSignalled } from '../../app/run-until-signalled.js';

await runUntilSignalled(async () => {
  console.log('starting');
  await sleep(Number(process.env.START_MS ?? 0));
  console.log('started');
  return {
    async stop() {
      console.log('stopped');
    },
  };
});
