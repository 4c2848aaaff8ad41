// The fake OpenAI server on a thread of its own, for the long-chat bench: it draws its pictures
// (~50–80 ms of JavaScript each on a 2-core machine) where a real server would, not on the app's
// main thread, whose time to handle a frame is what the bench measures. It says where it
// listens, then each streamed event as it is written. Paced streams: see fake-openai-pacing.ts.
import { parentPort } from 'node:worker_threads';

import { startFakeOpenAI } from '@forge/fake-openai';

import { asksPaced, pacedFinalMs } from './fake-openai-pacing.ts';

export type FakeThreadMessage = { type: 'ready'; url: string } | { type: 'sent'; at: number; event: string } | { type: 'closed' };

const port = parentPort;
if (port === null) throw new Error('fake-openai-thread.ts runs as a worker thread.');
const fake = await startFakeOpenAI({
  scenario: (request) => (asksPaced(request) ? { name: 'ok', finalAfterMs: pacedFinalMs } : undefined),
  onEventSent: (event) => port.postMessage({ type: 'sent', at: event.at, event: event.type } satisfies FakeThreadMessage),
});
port.on('message', (command: unknown) => {
  if (command !== 'close') return;
  void fake.close().then(() => port.postMessage({ type: 'closed' } satisfies FakeThreadMessage));
});
port.postMessage({ type: 'ready', url: fake.url } satisfies FakeThreadMessage);
