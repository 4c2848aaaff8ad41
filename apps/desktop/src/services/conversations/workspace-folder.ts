// A project folder the user names (`--project DIR`, the switcher's path field, a recent
// project): it must exist, be a folder, and be readable; its real path identifies it, so the
// same project reached through a link is one workspace.
import { constants } from 'node:fs';
import { access, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';

import { ConversationError } from './conversation-error.ts';

/** The project folder's real path, or a ConversationError saying in one line what is wrong with it. */
export async function checkProjectFolder(folder: string): Promise<string> {
  if (folder.trim() === '') throw new ConversationError({ code: 'invalid_input', message: 'Type the path of a project folder.' });
  if (folder.includes('\0')) throw new ConversationError({ code: 'invalid_input', message: 'A folder path cannot contain a NUL character.' });
  const absolute = resolve(folder);
  let info;
  try {
    info = await stat(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ConversationError({ code: 'folder_missing', message: `The folder ${absolute} does not exist.`, path: absolute, cause: error });
    throw new ConversationError({ code: 'folder_unreadable', message: `The folder ${absolute} cannot be read (${code ?? (error as Error).message}).`, path: absolute, cause: error });
  }
  if (!info.isDirectory()) throw new ConversationError({ code: 'not_a_folder', message: `${absolute} is a file, not a folder.`, path: absolute });
  try {
    await access(absolute, constants.R_OK | constants.X_OK);
    // access() can say yes where listing still fails (ACLs, some network mounts).
    await readdir(absolute);
  } catch (error) {
    throw new ConversationError({ code: 'folder_unreadable', message: `The folder ${absolute} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, path: absolute, cause: error });
  }
  return realpath(absolute);
}

/** A path typed into the web host's field: absolute, or it means nothing on the server. */
export function requireAbsolute(folder: string): string {
  if (!isAbsolute(folder)) throw new ConversationError({ code: 'invalid_input', message: `Use the folder's full path (like /home/you/project), not "${folder}".` });
  return folder;
}
