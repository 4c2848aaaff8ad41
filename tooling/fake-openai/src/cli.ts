// `pnpm --filter @forge/fake-openai start [--port N] [--scenario NAME]`: runs the fake server
// for manual runs and prints its base URL on the first line of stdout.
import { parseArgs } from 'node:util';

import { startFakeOpenAI } from './fake-openai-server.ts';
import { fakeScenarioNames, isFakeScenarioName } from './scenario.ts';

// `pnpm start -- --port 8787` hands the script a literal `--` first (pnpm 10 passes it through).
const argv = process.argv.slice(2);
const { values } = parseArgs({
  args: argv[0] === '--' ? argv.slice(1) : argv,
  options: {
    port: { type: 'string', default: process.env.FAKE_OPENAI_PORT ?? '0' },
    scenario: { type: 'string', default: 'ok' },
  },
});

const scenario = values.scenario;
if (!isFakeScenarioName(scenario)) {
  process.stderr.write(`Unknown scenario "${scenario}". Known: ${fakeScenarioNames.join(', ')}\n`);
  process.exit(2);
}
const server = await startFakeOpenAI({ port: Number(values.port), scenario });
process.stdout.write(`${server.url}\n`);
process.stderr.write(`fake-openai: scenario "${scenario}"; override per request with the x-fake-scenario header. Ctrl+C stops it.\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
