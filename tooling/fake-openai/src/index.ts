// @forge/fake-openai: a loopback OpenAI server with scripted faults, for tests, benchmarks and demos.
export { startFakeOpenAI } from './fake-openai-server.ts';
export type { FakeOpenAI, FakeOpenAIOptions } from './fake-openai-server.ts';
export type { FakeRecordedRequest } from './exchange.ts';
export type { FakeInputImage } from './input-images.ts';
export { fakeScenarioNames, scenarioHeader } from './scenario.ts';
export type { FakeRequestSummary, FakeScenario, FakeScenarioChooser, FakeScenarioName, FakeScenarioSettings } from './scenario.ts';
export { defaultFakeModels } from './models-endpoint.ts';
export { renderFakeImage } from './fake-image.ts';
export type { FakeImageFormat, FakeImageRequest } from './fake-image.ts';
