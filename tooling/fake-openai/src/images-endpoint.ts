// POST /v1/images/generations and /v1/images/edits: JSON or SSE (`stream: true` with
// `partial_images`), real images of the requested size and format.
import { type Exchange, pauseBeforeFinal, sendError, sendJson, startSse } from './exchange.ts';
import { renderFakeImage, type FakeImageFormat } from './fake-image.ts';
import { corruptImage, drawnSize, drawsTransparent, interruptStream } from './faults.ts';

interface ImageParameters {
  prompt: string;
  model: string;
  width: number;
  height: number;
  size: string;
  format: FakeImageFormat;
  partialImages: number;
  count: number;
  stream: boolean;
  quality: string;
  background: string;
}

function field(body: Record<string, unknown>, name: string): unknown {
  const value = body[name];
  // Multipart bodies carry everything as text.
  if (typeof value === 'string' && /^-?\d+$/.test(value) && ['n', 'partial_images', 'output_compression'].includes(name)) return Number(value);
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

/** Reads and checks the parameters, answering 400 like the real API when one is wrong. */
export function readImageParameters(exchange: Exchange, body: unknown): ImageParameters | undefined {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const invalid = (param: string, message: string): undefined => {
    sendError(exchange, 400, { message, type: 'invalid_request_error', param, code: 'invalid_value' });
    return undefined;
  };
  const prompt = field(record, 'prompt');
  if (typeof prompt !== 'string' || prompt.trim() === '') return invalid('prompt', "Missing required parameter: 'prompt'.");
  const size = field(record, 'size') ?? 'auto';
  let width = 1024;
  let height = 1024;
  if (size !== 'auto') {
    const match = typeof size === 'string' ? /^(\d+)x(\d+)$/.exec(size) : null;
    if (!match) return invalid('size', `Invalid value for 'size': ${JSON.stringify(size)}.`);
    width = Number(match[1]);
    height = Number(match[2]);
    if (width < 16 || height < 16 || width > 3840 || height > 3840) return invalid('size', `Invalid size ${JSON.stringify(size)}: each side must be 16–3840.`);
  }
  const format = field(record, 'output_format') ?? 'png';
  if (format !== 'png' && format !== 'jpeg' && format !== 'webp') return invalid('output_format', `Invalid value for 'output_format': ${JSON.stringify(format)}.`);
  const partialImages = field(record, 'partial_images') ?? 0;
  if (typeof partialImages !== 'number' || !Number.isInteger(partialImages) || partialImages < 0 || partialImages > 3) {
    return invalid('partial_images', "Invalid value for 'partial_images': must be an integer from 0 to 3.");
  }
  const count = field(record, 'n') ?? 1;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 10) return invalid('n', "Invalid value for 'n': must be 1–10.");
  const model = field(record, 'model');
  const quality = field(record, 'quality');
  const background = field(record, 'background');
  if (background !== undefined && background !== 'auto' && background !== 'opaque' && background !== 'transparent') {
    return invalid('background', `Invalid value for 'background': ${JSON.stringify(background)}.`);
  }
  if (background === 'transparent' && format === 'jpeg') return invalid('background', "Transparent background is only supported with output_format 'png' or 'webp'.");
  return {
    prompt,
    model: typeof model === 'string' ? model : 'gpt-image-2',
    width,
    height,
    size: `${width}x${height}`,
    format,
    partialImages,
    count,
    stream: field(record, 'stream') === true,
    quality: typeof quality === 'string' && quality !== 'auto' ? quality : 'medium',
    background: typeof background === 'string' && background !== 'auto' ? background : 'opaque',
  };
}

function usage(prompt: string): Record<string, unknown> {
  const textTokens = Math.max(1, Math.ceil(prompt.length / 4));
  return {
    input_tokens: textTokens,
    input_tokens_details: { image_tokens: 0, text_tokens: textTokens },
    output_tokens: 1056,
    output_tokens_details: { image_tokens: 1056, text_tokens: 0 },
    total_tokens: textTokens + 1056,
  };
}

/** Answers an image generation or edit request that passed the fault stage. */
export async function answerImages(exchange: Exchange, body: unknown, kind: 'generation' | 'edit'): Promise<void> {
  const parameters = readImageParameters(exchange, body);
  if (!parameters) return;
  const { prompt, format } = parameters;
  const { width, height } = drawnSize(exchange, parameters.width, parameters.height);
  const transparent = drawsTransparent(exchange, parameters.background === 'transparent');
  const final = corruptImage(exchange, (await renderFakeImage({ prompt, width, height, format, stage: 'final', transparent })).toString('base64'));
  const created = Math.floor(Date.now() / 1000);
  const common = { background: parameters.background, output_format: format, quality: parameters.quality, size: `${width}x${height}` };

  if (!parameters.stream) {
    const data = exchange.scenario.name === 'empty' ? [] : Array.from({ length: parameters.count }, () => ({ b64_json: final }));
    sendJson(exchange, 200, { created, data, ...common, usage: usage(prompt) });
    return;
  }

  const eventPrefix = kind === 'generation' ? 'image_generation' : 'image_edit';
  const sse = startSse(exchange, exchange.scenario.name === 'slow' ? (exchange.scenario.delayMs ?? 300) : 0);
  if (exchange.scenario.name === 'empty') {
    sse.end();
    return;
  }
  const sendStreamError = async (): Promise<void> => {
    await sse.send('error', { error: { type: 'server_error', code: 'server_error', message: 'The image stream failed on the server.' } });
  };
  for (let index = 0; index < parameters.partialImages; index += 1) {
    const partial = await renderFakeImage({ prompt, width, height, format, stage: index, transparent });
    const sent = await sse.send(`${eventPrefix}.partial_image`, { b64_json: partial.toString('base64'), partial_image_index: index, created_at: created, ...common });
    if (!sent) return;
    if (index === 0 && (await interruptStream(exchange, sendStreamError))) return;
  }
  if (parameters.partialImages === 0 && (await interruptStream(exchange, sendStreamError))) return;
  if (parameters.partialImages > 0) await pauseBeforeFinal(exchange);
  await sse.send(`${eventPrefix}.completed`, { b64_json: final, created_at: created, ...common, usage: usage(prompt) });
  sse.end();
}
