#!/usr/bin/env node
// `pnpm start [--project DIR | --open]`: serves the app on 127.0.0.1 and prints its URL.
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
const app = await launchWebApp({ workspace, rendererDir: resolve(here, '..', 'dist', 'renderer') });
console.log(`Forge is running ${workspace.mode === 'project' ? `for ${workspace.projectDir}` : 'in Open mode'}`);
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
