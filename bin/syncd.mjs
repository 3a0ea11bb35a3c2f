#!/usr/bin/env node
// The `syncd` command (package.json "bin"): loads the TypeScript CLI through tsx, the way the npm
// scripts run every entry point, so it works from a clone after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
const { processIo } = await import('../src/cli/process-io.ts');
// A reader that closes the pipe early (`syncd list | head`) is not an error of ours.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
});
process.exitCode = await runCli(process.argv.slice(2), processIo());
