import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const root = path.resolve(import.meta.dirname, '..', '..');

/** A TypeScript entry point of this repository running as a process of its own, its output kept. */
export interface TsProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything it wrote so far, stdout and stderr interleaved as they arrived. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output, waiting up to `timeoutMs`; fails at once if the process ends first. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends `signal` and resolves once the process is gone (at once when it already is). */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<TsProcess>();

function hasEnded(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Runs `script` (relative to the repository) with node and tsx, as the npm scripts do, with exactly
 * `env`. `echoStderr` also prints its stderr as it comes: what the test processes' loggers print
 * there (errors only, see test-logger.ts) is worth seeing when a test fails.
 */
export function startTsProcess(script: string, env: Record<string, string | undefined>, options: { echoStderr?: boolean } = {}): TsProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${script}`);
  let text = '';
  const append = (chunk: Buffer) => {
    text += chunk.toString();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', (chunk: Buffer) => {
    append(chunk);
    if (options.echoStderr) process.stderr.write(chunk);
  });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(handle);
      resolve({ code, signal });
    });
  });
  const handle: TsProcess = {
    child,
    pid: child.pid,
    output: () => text,
    async waitForOutput(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(text);
        if (match) return match;
        if (hasEnded(child))
          throw new Error(`${script} ended (code ${child.exitCode}, signal ${child.signalCode}) before printing ${pattern}:\n${text}`);
        if (Date.now() > deadline) throw new Error(`${script} did not print ${pattern} within ${timeoutMs} ms:\n${text}`);
        await sleep(100);
      }
    },
    kill(signal = 'SIGKILL') {
      if (!hasEnded(child)) child.kill(signal);
      return ended;
    },
  };
  running.add(handle);
  return handle;
}

/** SIGKILLs every process startTsProcess started that is still running: for afterAll, whatever a test left. */
export async function killAllTsProcesses(): Promise<void> {
  await Promise.all([...running].map((process) => process.kill('SIGKILL')));
}

/** True while a process with this pid exists and is not a zombie (an orphan whose reaper has not reaped it yet). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ...", comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}
