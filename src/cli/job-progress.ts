import type { CliIo } from './io.js';

/**
 * The one progress line of `trigger --wait`, on stderr so stdout stays the result: redrawn in place
 * on a terminal, else written again only when it changes (a log then holds each step once).
 */
export class ProgressLine {
  private last = '';

  constructor(private readonly io: CliIo) {}

  show(text: string): void {
    if (text === this.last) return;
    this.last = text;
    if (this.io.progressInPlace) this.io.err(`\r\x1b[K${text}`, false);
    else this.io.err(text);
  }

  /** Ends an in-place line, so what follows starts on a line of its own. */
  done(): void {
    if (this.io.progressInPlace && this.last !== '') this.io.err('', true);
  }
}
