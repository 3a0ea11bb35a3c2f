// Memory of another process, read from Linux's /proc: current and peak resident set size.
import { readFile } from 'node:fs/promises';

export interface ProcessMemory {
  rssBytes: number;
  /** VmHWM: the most the process has held resident since it started. */
  peakRssBytes: number;
}

function kilobytes(status: string, field: string, pid: number): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]) * 1024;
}

export async function processMemory(pid: number): Promise<ProcessMemory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return { rssBytes: kilobytes(status, 'VmRSS', pid), peakRssBytes: kilobytes(status, 'VmHWM', pid) };
}
