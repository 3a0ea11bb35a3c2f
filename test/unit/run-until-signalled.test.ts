import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// An entry point stops on SIGHUP (a closed terminal) and when the parent that spawned it with an
// IPC channel goes away (`npm start`'s worker): see app/run-until-signalled.ts.

const root = path.resolve(import.meta.dirname, '..', '..');

interface Entry {
  child: ChildProcess;
  /** Both streams as they arrived (their relative order is not reliable: two pipes). */
  output(): string;
  stdout(): string;
  stderr(): string;
}

function startEntry(startMs: number): Entry {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/slow-start-entry.ts'], {
    cwd: root,
    env: { ...process.env, START_MS: String(startMs) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let text = '';
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    stderr += chunk.toString();
  });
  return { child, output: () => text, stdout: () => stdout, stderr: () => stderr };
}

async function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  return { code: child.exitCode, signal: child.signalCode };
}

async function printed(entry: Entry, line: string): Promise<void> {
  while (!entry.output().includes(line)) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('runUntilSignalled', () => {
  it('stops cleanly when the parent goes away after the start', async () => {
    const entry = startEntry(0);
    await printed(entry, 'started');
    entry.child.disconnect();
    expect(await exitOf(entry.child)).toEqual({ code: 0, signal: null });
    expect(entry.stdout()).toBe('starting\nstarted\nstopped\n');
    expect(entry.stderr()).toBe('syncd: the parent process is gone; shutting down\n');
  });

  it('stops cleanly once started when the parent went away during the start', async () => {
    const entry = startEntry(1_500);
    entry.child.disconnect();
    expect(await exitOf(entry.child)).toEqual({ code: 0, signal: null });
    expect(entry.stdout()).toBe('starting\nstarted\nstopped\n');
    expect(entry.stderr()).toBe('syncd: the parent process is gone; shutting down\n');
  });

  it('stops cleanly on SIGHUP', async () => {
    const entry = startEntry(0);
    await printed(entry, 'started');
    entry.child.kill('SIGHUP');
    expect(await exitOf(entry.child)).toEqual({ code: 0, signal: null });
    expect(entry.stdout()).toBe('starting\nstarted\nsyncd: shutting down\nstopped\n');
    expect(entry.stderr()).toBe('');
  });

  it('stops once started on a signal during the start', async () => {
    const entry = startEntry(1_500);
    await printed(entry, 'starting');
    entry.child.kill('SIGTERM');
    expect(await exitOf(entry.child)).toEqual({ code: 0, signal: null });
    expect(entry.stdout()).toBe('starting\nsyncd: shutting down\nstarted\nstopped\n');
    expect(entry.stderr()).toBe('');
  });

  it('leaves at once with exit code 1 on a second signal during the start', async () => {
    const entry = startEntry(60_000);
    await printed(entry, 'starting');
    entry.child.kill('SIGINT');
    await printed(entry, 'shutting down');
    entry.child.kill('SIGINT');
    expect(await exitOf(entry.child)).toEqual({ code: 1, signal: null });
    expect(entry.stdout()).toBe('starting\nsyncd: shutting down\n');
    expect(entry.stderr()).toBe('syncd: interrupted during the start\n');
  });
});
