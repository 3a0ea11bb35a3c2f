import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { restartDelayMs, type SupervisedChild, superviseChild } from '../../app/supervised-child.js';
import { isAlive } from '../helpers/child-process.js';

/** A node child running `code`; it prints "ready" once its code has run. */
const node = (code: string) => () =>
  spawn(process.execPath, ['-e', `${code}; console.log('ready')`], { stdio: ['ignore', 'pipe', 'inherit'] });
const idle = node('setInterval(() => {}, 1000)');

let supervised: SupervisedChild | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await supervised?.stop();
  supervised = undefined;
});

function supervise(spawnChild: () => ChildProcess, options: { stopTimeoutMs?: number; delays?: number[] } = {}) {
  const log = { info: vi.fn<(message: string) => void>(), error: vi.fn<(message: string) => void>() };
  const children: ChildProcess[] = [];
  supervised = superviseChild({
    name: 'test child',
    spawn: () => {
      const child = spawnChild();
      children.push(child);
      return child;
    },
    log,
    stopTimeoutMs: options.stopTimeoutMs ?? 5_000,
    restartDelayMs: (failures) => {
      options.delays?.push(failures);
      return 10;
    },
  });
  return { supervised, log, children };
}

async function ready(child: ChildProcess): Promise<void> {
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  expect(chunk.toString()).toContain('ready');
}

describe('restartDelayMs', () => {
  it('doubles from 1 s with each death in a row, up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(restartDelayMs)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });
});

describe('superviseChild', () => {
  it('restarts a child that is killed, says so as an error, and reports the new pid', async () => {
    const { supervised, log, children } = supervise(idle);
    const first = children[0]!;
    expect(supervised.pid).toBe(first.pid);
    expect(log.info).toHaveBeenCalledWith(`syncd: test child process started (pid ${first.pid})`);
    first.kill('SIGKILL');
    await vi.waitFor(() => expect(children).toHaveLength(2), { timeout: 10_000 });
    expect(log.error).toHaveBeenCalledWith(
      `syncd: the test child process (pid ${first.pid}) was killed by SIGKILL unexpectedly; restarting it in 0.01 s`,
    );
    expect(supervised.pid).toBe(children[1]!.pid);
    expect(supervised.pid).not.toBe(first.pid);
  });

  it('counts deaths in a row for the backoff, and restarts a child that exits on its own too', async () => {
    const delays: number[] = [];
    const { log } = supervise(node('process.exit(3)'), { delays });
    await vi.waitFor(() => expect(delays.length).toBeGreaterThanOrEqual(3), { timeout: 10_000 });
    expect(delays.slice(0, 3)).toEqual([1, 2, 3]);
    expect(log.error.mock.calls[0]![0]).toMatch(
      /^syncd: the test child process \(pid \d+\) exited with code 3 unexpectedly; restarting it in 0\.01 s$/,
    );
  });

  it('starts the backoff over after a child that lived a minute', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const delays: number[] = [];
    let spawned = 0;
    const { children } = supervise(
      () => {
        spawned += 1;
        return spawned <= 2 ? node('process.exit(1)')() : idle();
      },
      { delays },
    );
    await vi.waitFor(() => expect(children).toHaveLength(3), { timeout: 10_000 });
    vi.setSystemTime(Date.now() + 61_000);
    children[2]!.kill('SIGKILL');
    await vi.waitFor(() => expect(delays).toHaveLength(3), { timeout: 10_000 });
    expect(delays).toEqual([1, 2, 1]);
  });

  it('keeps trying when the child cannot even be spawned', async () => {
    const { log } = supervise(() => spawn('/nonexistent/syncd-worker', [], { stdio: 'ignore' }));
    await vi.waitFor(() => expect(log.error.mock.calls.length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    expect(log.error.mock.calls[0]![0]).toMatch(
      /^syncd: the test child process \(pid none\) failed \(spawn \/nonexistent\/syncd-worker ENOENT\) unexpectedly/,
    );
  });

  it('stop() ends the child with SIGTERM and restarts nothing', async () => {
    const { supervised, log, children } = supervise(idle);
    const child = children[0]!;
    await ready(child);
    await supervised.stop();
    expect(child.signalCode).toBe('SIGTERM');
    expect(isAlive(child.pid!)).toBe(false);
    expect(supervised.pid).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(children).toHaveLength(1);
    expect(log.error).not.toHaveBeenCalled();
    expect(log.info).toHaveBeenLastCalledWith(`syncd: test child process (pid ${child.pid}) stopped`);
  });

  it('stop() SIGKILLs a child that ignores SIGTERM, once its time is up, and says so', async () => {
    const { supervised, log, children } = supervise(node("process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"), {
      stopTimeoutMs: 300,
    });
    const child = children[0]!;
    await ready(child);
    await supervised.stop();
    expect(child.signalCode).toBe('SIGKILL');
    expect(log.error).toHaveBeenCalledWith(`syncd: the test child process (pid ${child.pid}) did not stop in time; killing it`);
    expect(children).toHaveLength(1);
  });

  it('stop() during the backoff cancels the restart', async () => {
    const log = { info: vi.fn<(message: string) => void>(), error: vi.fn<(message: string) => void>() };
    let spawned = 0;
    supervised = superviseChild({
      name: 'test child',
      spawn: () => {
        spawned += 1;
        return idle();
      },
      log,
      stopTimeoutMs: 5_000,
      restartDelayMs: () => 60_000,
    });
    process.kill(supervised.pid!, 'SIGKILL');
    await vi.waitFor(() => expect(log.error).toHaveBeenCalledTimes(1), { timeout: 10_000 });
    expect(supervised.pid).toBeUndefined();
    await supervised.stop();
    expect(spawned).toBe(1);
  });
});
