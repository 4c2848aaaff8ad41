// Node's built-in SQLite (`node:sqlite`), loaded on first use. Built in: no native module to
// rebuild for Electron (Electron 45 runs Node 24, where it needs no flag; the workspace's
// Node 22.23 has it unflagged too). Node prints an ExperimentalWarning the first time it
// loads; Forge knows, and the user needs no warning on every start, so that one is dropped.
import type * as NodeSqliteModule from 'node:sqlite';

import { ConversationError } from './conversation-error.ts';

type NodeSqlite = typeof NodeSqliteModule;

let loaded: NodeSqlite | undefined;

export function nodeSqlite(): NodeSqlite {
  if (loaded !== undefined) return loaded;
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]): void => {
    if ((warning instanceof Error ? warning.message : warning).includes('SQLite is an experimental feature')) return;
    (emitWarning as (warning: string | Error, ...rest: unknown[]) => void)(warning, ...rest);
  });
  let module: NodeSqlite | undefined;
  try {
    // Typed as always there; a Node without it (before 22.13) returns undefined or lacks getBuiltinModule.
    if (typeof process.getBuiltinModule === 'function') module = process.getBuiltinModule('node:sqlite');
  } finally {
    process.emitWarning = emitWarning;
  }
  if (module === undefined) {
    throw new ConversationError({ code: 'io', message: `This Node.js (${process.version}) has no built-in SQLite (node:sqlite): Forge needs Node 22.13 or later.` });
  }
  loaded = module;
  return module;
}
