// Node's built-in SQLite for tests that read Forge's database, loaded without Node's one-time
// "SQLite is an experimental feature" warning in the test output (the app drops it the same way).
import type * as NodeSqlite from 'node:sqlite';

export function nodeSqlite(): typeof NodeSqlite {
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]): void => {
    if ((warning instanceof Error ? warning.message : warning).includes('SQLite is an experimental feature')) return;
    (emitWarning as (warning: string | Error, ...rest: unknown[]) => void)(warning, ...rest);
  });
  try {
    return process.getBuiltinModule('node:sqlite');
  } finally {
    process.emitWarning = emitWarning;
  }
}
