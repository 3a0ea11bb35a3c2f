import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { READY_MESSAGE, restartDelayMs, type SupervisedChild, superviseChild } from '../../app/supervised-child.js';
import { isAlive } from '../helpers/child-process.js';

/** A node child that tells its parent it is ready, then runs `code` and prints "ready". */
const node = (code: string) => () =>
  spawn(process.execPath, ['-e', `process.send(${JSON.stringify(READY_MESSAGE)}, () => { ${code}; console.log('ready'); })`], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
/** A node child that dies before it is ready. */
const failingToStart = () => spawn(process.execPath, ['-e', 'process.exit(2)'], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
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
    await supervised.ready;
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

  it('is ready once the first child says so', async () => {
    const { supervised: child } = supervise(idle);
    await expect(child.ready).resolves.toBeUndefined();
  });

  it('fails `ready` and restarts nothing when the first child dies before it is ready, as one that cannot start would every time', async () => {
    let spawned = 0;
    const { supervised: child, log } = supervise(() => {
      spawned += 1;
      return failingToStart();
    });
    await expect(child.ready).rejects.toThrow(/^the test child process \(pid \d+\) exited with code 2 before it was ready$/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(spawned).toBe(1);
    expect(log.error).not.toHaveBeenCalled();
  });

  it('fails `ready` when the first child cannot even be spawned', async () => {
    const { supervised: child } = supervise(() => spawn('/nonexistent/syncd-worker', [], { stdio: 'ignore' }));
    await expect(child.ready).rejects.toThrow(/failed \(spawn \/nonexistent\/syncd-worker ENOENT\) before it was ready/);
  });

  it('keeps restarting a child that once was ready, even when a restart dies before it is ready', async () => {
    let spawned = 0;
    const { supervised: child, log } = supervise(() => {
      spawned += 1;
      return spawned === 1 ? node('process.exit(1)')() : failingToStart();
    });
    await child.ready;
    await vi.waitFor(() => expect(spawned).toBeGreaterThanOrEqual(3), { timeout: 10_000 });
    expect(log.error.mock.calls[1]![0]).toMatch(/^syncd: the test child process \(pid \d+\) exited with code 2 unexpectedly; restarting/);
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
    await supervised.ready;
    process.kill(supervised.pid!, 'SIGKILL');
    await vi.waitFor(() => expect(log.error).toHaveBeenCalledTimes(1), { timeout: 10_000 });
    expect(supervised.pid).toBeUndefined();
    await supervised.stop();
    expect(spawned).toBe(1);
  });
});
