#!/usr/bin/env node
// The `settle` command. Settle ships as TypeScript and runs it through tsx, so an install needs no
// build step and `npx settle` always runs the code that is on disk.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
