// Opens the conversations database at `path` at the wall-clock moment `at` (spinning until
// then, so two of these start within microseconds of each other) and prints OK or why not.
//   node --conditions=@forge/source open-at.ts <path> <at>
import { openConversationDatabase } from '../conversation-database.ts';

const [path, at] = process.argv.slice(2);
if (path === undefined || at === undefined) throw new Error('usage: open-at.ts <path> <at>');
while (Date.now() < Number(at)) {
  // Waiting for the agreed moment.
}
try {
  openConversationDatabase({ path }).close();
  process.stdout.write('OK\n');
} catch (error) {
  process.stdout.write(`FAILED ${error instanceof Error ? error.message : String(error)}\n`);
}
