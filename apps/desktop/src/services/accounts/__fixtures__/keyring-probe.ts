// A second process for the keyring tests (the keyring library keeps its first D-Bus connection
// for the life of a process, so "after a restart" means another process, as it does for Forge):
// opens the store for a profile, optionally stores a value, prints what it finds as JSON.
//   node --conditions=@forge/source keyring-probe.ts PROFILE [VALUE]
import { openKeyringSecretStore } from '../keyring-secret-store.ts';

const [profile, value] = process.argv.slice(2);
if (profile === undefined) throw new Error('usage: keyring-probe.ts PROFILE [VALUE]');
const store = await openKeyringSecretStore({ profile, service: 'Forge test' });
if (value !== undefined) await store.set('openai-api-key', value);
console.log(JSON.stringify({ persistent: store.persistent, description: store.description, value: (await store.get('openai-api-key')) ?? null }));
