import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/main.js';

const root = path.resolve(import.meta.dirname, '..', '..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface InProcessOptions {
  env?: Record<string, string | undefined>;
  /** The answers a person types, in order; absent: stdin is not a terminal. */
  answers?: string[];
  /** The questions asked, pushed as they come. */
  asked?: string[];
  /** Called with all of stderr so far each time the CLI writes there, so a test can wait on a progress line. */
  onStderr?: (stderr: string) => void;
  /** Commands other than syncd's own, to test the dispatch alone. */
  commands?: readonly Command[];
}

/** `syncd <argv>` run in this process (much faster than a process per call), its output kept. */
export async function cliInProcess(argv: string[], options: InProcessOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const answers = [...(options.answers ?? [])];
  const code = await runCli(
    argv,
    {
      out: (text) => {
        stdout += `${text}\n`;
      },
      err: (text, newline = true) => {
        stderr += newline ? `${text}\n` : text;
        options.onStderr?.(stderr);
      },
      interactive: options.answers !== undefined,
      progressInPlace: false,
      async ask(question) {
        options.asked?.push(question);
        const answer = answers.shift();
        if (answer === undefined) throw new Error(`unexpected question: ${question}`);
        return answer;
      },
      readFile: (file) => readFile(file, 'utf8'),
      env: options.env ?? {},
    },
    ...(options.commands === undefined ? [] : [options.commands]),
  );
  return { code, stdout, stderr };
}

/** The `syncd` bin itself (bin/syncd.mjs through its shebang, as npx runs it), stdin not a terminal. */
export function cliProcess(argv: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      path.join(root, 'bin', 'syncd.mjs'),
      argv,
      { cwd: root, env: { PATH: process.env.PATH, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}
