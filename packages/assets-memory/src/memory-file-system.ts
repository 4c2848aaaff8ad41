// The file-system edge, injectable so tests can stand in a failing disk where the machine
// cannot provide one. Defaults to node:fs/promises.
import * as fileSystem from 'node:fs/promises';

export type MemoryFileSystem = Pick<
  typeof fileSystem,
  'open' | 'readFile' | 'writeFile' | 'stat' | 'lstat' | 'rename' | 'link' | 'unlink' | 'mkdir' | 'realpath'
>;

export const nodeFileSystem: MemoryFileSystem = fileSystem;
