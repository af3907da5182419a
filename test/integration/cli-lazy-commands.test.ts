// `settle` imports only the module of the command that runs (src/cli/command-index.ts); the others
// stand in the help by the name, term and description the index gives them.
import { describe, expect, it } from 'vitest';
import { commandGroups, commandNamed } from '../../src/cli/command-index.js';
import { buildProgram } from '../../src/cli/main.js';

describe('the command index', () => {
  it('gives the help the same list as the commands themselves, whichever command is loaded', async () => {
    const everyCommand = (await buildProgram()).helpInformation();
    expect((await buildProgram(['node', 'settle', '--help'])).helpInformation()).toBe(everyCommand);
    for (const group of commandGroups) {
      const [name] = group.commands[0]!;
      expect((await buildProgram(['node', 'settle', name])).helpInformation(), name).toBe(
        everyCommand,
      );
    }
  });

  it('names every command a module registers, in the order of the help', async () => {
    const program = await buildProgram();
    expect(program.commands.map((command) => command.name())).toEqual(
      commandGroups.flatMap((group) => group.commands.map(([name]) => name)),
    );
  });

  it('finds the command on a command line', () => {
    expect(commandNamed(['aging', '--as-of', '2026-01-31'])).toBe('aging');
    expect(commandNamed(['--data', 'aging', '--org', 'acme', 'kpi'])).toBe('kpi');
    expect(commandNamed(['--data=d', 'collections', 'run'])).toBe('collections');
    expect(commandNamed(['help', 'statement'])).toBe('statement');
    expect(commandNamed(['--help'])).toBeUndefined();
    expect(commandNamed(['help'])).toBeUndefined();
    expect(commandNamed([])).toBeUndefined();
    // An option commander alone can read: load every command, as before the index.
    expect(commandNamed(['--verbose', 'aging'])).toBe('all');
  });
});
