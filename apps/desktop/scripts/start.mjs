#!/usr/bin/env node
// `pnpm start [--project DIR | --open]`: serves the app on 127.0.0.1 and prints its URL. Without
// a flag it opens the workspace opened last (the Scratchpad the first time).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { launchWebApp, parseLaunchArguments } = await import(join(here, '..', 'dist', 'web-host.mjs'));

// pnpm runs scripts in the package folder; INIT_CWD is where the user typed the command.
const cwd = process.env.INIT_CWD ?? process.cwd();
let workspace;
try {
  workspace = parseLaunchArguments(process.argv.slice(2), cwd);
} catch (error) {
  console.error(`forge: ${error.message}`);
  process.exit(2);
}
let app;
try {
  app = await launchWebApp({ workspace, rendererDir: resolve(here, '..', 'dist', 'renderer') });
} catch (error) {
  // A folder or setting the user got wrong: one line that says which, not a stack trace.
  if (error?.name === 'ConversationError' || error?.name === 'ConfigError') {
    console.error(`forge: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
console.log(`Forge is running ${app.workspace.mode === 'project' ? `for ${app.workspace.folder}` : `in Open mode (${app.workspace.folder})`}`);
// The token in this link is what admits a browser: only whoever can read this terminal gets it.
console.log(`Open ${app.openUrl}`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (closing) process.exit(1);
    closing = true;
    app.close().then(() => process.exit(0), () => process.exit(1));
  });
}
