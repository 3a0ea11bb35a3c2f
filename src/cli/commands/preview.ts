import type { PreviewRequest, PreviewResult } from '../../contracts/preview.js';
import type { CreateSyncInput } from '../../sdk/types.js';
import { stringOption } from '../arguments.js';
import type { Command } from '../command.js';
import { definitionFileOption, readObjectFile } from '../definition-file.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { table, truncate } from '../table.js';

function requestText(request: PreviewRequest): string {
  const params = Object.entries(request.params);
  return `${request.method} ${request.url}${params.length === 0 ? '' : ` ${JSON.stringify(request.params)}`}`;
}

function printPreview(io: CliIo, preview: PreviewResult): void {
  const pages = preview.pages.map((page, index) => [
    String(index + 1),
    page.http_status === null ? '-' : String(page.http_status),
    `${page.duration_ms} ms`,
    String(page.records),
    truncate(requestText(page.request), 100),
  ]);
  io.out(table(['PAGE', 'HTTP', 'TOOK', 'RECORDS', 'REQUEST'], pages));
  if (!preview.ok) {
    const { error } = preview;
    io.out(
      `\nfailed (${error.class}, ${error.code}${error.http_status === undefined ? '' : `, HTTP ${error.http_status}`}): ${error.message}`,
    );
    return;
  }
  const records = preview.records.map((record) => [record.key, truncate(JSON.stringify(record.data), 100)]);
  io.out(`\n${records.length === 0 ? 'no records' : table(['KEY', 'DATA'], records)}`);
  if (preview.records_truncated) io.out('(more records than fit in one answer)');
  io.out(`\nnext request: ${preview.next_request === null ? 'none, paging would stop here' : requestText(preview.next_request)}`);
}

export const previewCommand: Command = {
  name: 'preview',
  summary: 'try a sync definition without saving it: the records its first pages give, or the error a job would get',
  positionals: [],
  options: {
    file: definitionFileOption('create'),
    pages: { type: 'string', value: '<n>', description: 'pages to fetch, 1 to 3 (default 1)' },
  },
  details: 'Exits 7 when the external API fails the preview (the error shows its class and code), 2 for a definition the API refuses.',
  async run({ client, io, values, json }) {
    const file = stringOption(values, 'file');
    if (file === undefined) throw new UsageError('preview needs -f <file>');
    const pagesText = stringOption(values, 'pages');
    if (pagesText !== undefined && !/^[1-3]$/.test(pagesText)) throw new UsageError(`--pages must be 1, 2 or 3, got "${pagesText}"`);
    const options = pagesText === undefined ? {} : { pages: Number(pagesText) };
    const preview = await client.preview((await readObjectFile(io, file)) as CreateSyncInput, options);
    if (json) io.out(JSON.stringify(preview, null, 2));
    else printPreview(io, preview);
    return preview.ok ? ExitCode.Ok : ExitCode.JobFailed;
  },
};
