// The web host's "Open folder…" path field checks what it can before asking the host: the
// host runs on another machine for all the browser knows, so only the shape of a path is known.

/** Why `value` cannot be a folder path the host would accept, or undefined when it may be one. */
export function folderPathProblem(value: string): string | undefined {
  const path = value.trim();
  if (path === '') return 'Type the path of a project folder.';
  if (path.includes('\0')) return 'A folder path cannot contain a NUL character.';
  if (path.startsWith('~')) return 'Type the full path: Forge does not expand "~" (like /home/you/project).';
  const absolute = path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
  if (!absolute) return "Use the folder's full path, like /home/you/project.";
  return undefined;
}
