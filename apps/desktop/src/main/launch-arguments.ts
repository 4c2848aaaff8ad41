// `--project DIR` or `--open`, shared by Electron and the web host. Neither opens the workspace
// opened last (the Scratchpad the first time), never the folder Forge happens to start in.
import { resolve } from 'node:path';

export type LaunchArguments = { mode: 'project'; projectDir: string } | { mode: 'open' } | { mode: 'last' };

export class LaunchArgumentsError extends Error {
  override readonly name = 'LaunchArgumentsError';
}

export function parseLaunchArguments(argv: readonly string[], cwd: string): LaunchArguments {
  let projectDir: string | undefined;
  let open = false;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--open') open = true;
    else if (argument === '--project') {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith('--')) throw new LaunchArgumentsError('--project needs a folder: --project DIR');
      projectDir = value;
      index += 1;
    } else if (argument?.startsWith('--project=') === true) projectDir = argument.slice('--project='.length);
  }
  if (open && projectDir !== undefined) throw new LaunchArgumentsError('Use either --project DIR or --open, not both.');
  if (open) return { mode: 'open' };
  if (projectDir === undefined) return { mode: 'last' };
  return { mode: 'project', projectDir: resolve(cwd, projectDir) };
}
