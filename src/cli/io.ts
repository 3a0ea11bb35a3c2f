/** Everything a command reads from or writes to the outside, so tests can run the CLI in-process. */
export interface CliIo {
  /** Writes a line to stdout. */
  out(text: string): void;
  /** Writes to stderr, a whole line unless `newline` is false. */
  err(text: string, newline?: boolean): void;
  /** True when a person can answer a question on stdin. */
  interactive: boolean;
  /** Asks a question on the terminal and resolves with the answer line. */
  ask(question: string): Promise<string>;
  /** Whether stderr is a terminal, where a progress line is redrawn in place. */
  progressInPlace: boolean;
  readFile(path: string): Promise<string>;
  env: Readonly<Record<string, string | undefined>>;
}
