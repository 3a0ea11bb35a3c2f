import { describe, expect, it } from 'vitest';
import type { Command, CommandContext } from '../../src/cli/command.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { cliInProcess } from '../helpers/cli.js';

const calls: { name: string; context: CommandContext }[] = [];

function command(name: string, fields: Partial<Command> = {}): Command {
  return {
    name,
    summary: `does ${name}`,
    positionals: ['id'],
    options: {},
    async run(context) {
      calls.push({ name, context });
      return ExitCode.Ok;
    },
    ...fields,
  };
}

const commands = [
  command('show', { options: { verbose: { type: 'boolean', short: 'v', description: 'more' } } }),
  command('state get'),
  command('state set', { positionals: ['id', 'cursor'] }),
];
const run = (argv: string[], env: Record<string, string> = {}) => cliInProcess(argv, { commands, env });

describe('how syncd finds the command and its arguments', () => {
  it('takes global options before or after the command, and flags win over the environment', async () => {
    calls.length = 0;
    expect((await run(['--json', 'show', '7', '-v'])).code).toBe(ExitCode.Ok);
    expect((await run(['show', '--url', 'http://127.0.0.1:9', '8'], { SYNCD_URL: 'http://127.0.0.1:1' })).code).toBe(ExitCode.Ok);
    expect(calls.map(({ name, context }) => [name, context.args, context.json, context.values.verbose])).toEqual([
      ['show', ['7'], true, true],
      ['show', ['8'], false, undefined],
    ]);
  });

  it('a two-word command is found by both words; the first alone names the group', async () => {
    calls.length = 0;
    expect((await run(['state', 'set', '3', '{"at":1}'])).code).toBe(ExitCode.Ok);
    expect(calls[0]).toMatchObject({ name: 'state set', context: { args: ['3', '{"at":1}'] } });
    const group = await run(['state']);
    expect(group.code).toBe(ExitCode.Invalid);
    expect(group.stderr).toContain('syncd state needs one of: get, set');
    expect((await run(['help', 'state', 'set'])).stdout).toContain('Usage: syncd state set <id> <cursor>');
  });

  it('refuses what it cannot run with exit 2 and runs nothing', async () => {
    calls.length = 0;
    for (const argv of [['show'], ['show', '1', '2'], ['show', '1', '--nope'], ['nope'], ['show', '1', '--url', 'not a url'], []]) {
      expect((await run(argv)).code, argv.join(' ')).toBe(ExitCode.Invalid);
    }
    expect(calls).toEqual([]);
  });

  it('--help shows a command, and syncd --help every command and the exit codes', async () => {
    expect((await run(['show', '--help'])).stdout).toContain('-v, --verbose  more');
    const help = await run(['--help']);
    expect(help.stdout).toMatch(/syncd state get <id> +does state get/);
    expect(help.stdout).toContain('4  conflict (409)');
  });
});
