#!/usr/bin/env node
// An installed package runs the built CLI (npm run build: plain JavaScript, one file). A development
// checkout runs the TypeScript sources through tsx, so an edit counts at once and a stale build
// never stands in for the code beside it.
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node 22.1+ keeps compiled code between runs; a second start then skips most parsing.
module.enableCompileCache?.();

const sources = new URL('../electron/cli/main.ts', import.meta.url);
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(sources.href);
} else {
  await import(new URL('../dist/cli/amq-ha-lab.mjs', import.meta.url).href);
}
