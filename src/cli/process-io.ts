import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import type { CliIo } from './io.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The CLI's outside world when it runs as the `syncd` command. */
export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text, newline = true) => process.stderr.write(newline ? `${text}\n` : text),
    interactive: process.stdin.isTTY === true,
    progressInPlace: process.stderr.isTTY === true,
    async ask(question) {
      const terminal = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await terminal.question(question);
      } finally {
        terminal.close();
      }
    },
    readFile: (path) => (path === '-' ? readStdin() : readFile(path, 'utf8')),
    env: process.env,
  };
}
