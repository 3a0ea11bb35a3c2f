// npm's install step: schemathesis (PyPI), which the test suite runs over /openapi.json, in a
// virtualenv of its own under .tools/, so it needs no system-wide pip and never touches the user's.
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCHEMATHESIS_VERSION = '4.32.5';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, '.tools', 'schemathesis');
const st = path.join(target, 'bin', 'st');

function versionOf(command) {
  const result = spawnSync(command, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

function fail(message) {
  console.error(`syncd: ${message}`);
  process.exit(1);
}

// A production install (npm install --omit=dev) runs no tests, so it needs no test tool.
const omitted = `${process.env.npm_config_omit ?? ''}`.split(/[\s,]+/);
if (omitted.includes('dev') || process.env.npm_config_production === 'true') {
  console.log('syncd: dev dependencies omitted, not installing schemathesis');
} else if (versionOf(st)?.includes(SCHEMATHESIS_VERSION)) {
  console.log(`syncd: schemathesis ${SCHEMATHESIS_VERSION} already at ${path.relative(root, st)}`);
} else {
  if (versionOf('python3') === null)
    fail('python3 was not found; install Python 3.10 or later (with venv) so the tests can run schemathesis');
  console.log(`syncd: installing schemathesis==${SCHEMATHESIS_VERSION} from PyPI into ${path.relative(root, target)}/`);
  // A half-made or older venv is rebuilt from scratch rather than patched.
  rmSync(target, { recursive: true, force: true });
  try {
    execFileSync('python3', ['-m', 'venv', target], { stdio: 'inherit' });
  } catch {
    fail('python3 -m venv failed; install the venv module (Debian: apt-get install python3-venv)');
  }
  try {
    execFileSync(
      path.join(target, 'bin', 'python'),
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`],
      { stdio: 'inherit' },
    );
  } catch {
    fail(`could not install schemathesis==${SCHEMATHESIS_VERSION} with pip into ${target}`);
  }
  if (!versionOf(st)?.includes(SCHEMATHESIS_VERSION)) fail(`${st} was not installed as expected`);
}
