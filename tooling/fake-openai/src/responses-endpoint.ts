// POST /v1/responses: a scripted model. It calls Codex's client-side `image_gen.imagegen`
// tool, answers after a tool result, drives the hosted `image_generation` tool with partial
// images, asks Codex to run a command or apply a patch (whether or not the tool was offered,
// as a hostile reply would), or just replies with text; as JSON or as the Responses API's SSE events.
import { type Exchange, pauseBeforeFinal, type SseWriter, sendJson, startSse } from './exchange.ts';
import { renderFakeImage, type FakeImageFormat } from './fake-image.ts';
import { corruptImage, damagesImages, drawnSize, drawsTransparent, interruptStream } from './faults.ts';

type Item = Record<string, unknown>;

interface ResponsesRequest {
  model: string;
  stream: boolean;
  input: Item[];
  tools: Item[];
  previousResponseId: string | undefined;
}

function asItems(value: unknown): Item[] {
  return Array.isArray(value) ? value.filter((item): item is Item => typeof item === 'object' && item !== null) : [];
}

function readRequest(body: unknown): ResponsesRequest {
  const record = typeof body === 'object' && body !== null ? (body as Item) : {};
  const input = typeof record.input === 'string' ? [{ role: 'user', content: record.input }] : asItems(record.input);
  return {
    model: typeof record.model === 'string' ? record.model : 'gpt-5',
    stream: record.stream === true,
    input,
    tools: asItems(record.tools),
    previousResponseId: typeof record.previous_response_id === 'string' ? record.previous_response_id : undefined,
  };
}

/** Responses this server made that drew an image, so a follow-up through `previous_response_id` can edit it. */
const responsesWithImages = new Set<string>();

/** A host's note to the model (`[Forge: …]`) or the image wrapper Codex puts around an attached file. */
function isAside(text: string): boolean {
  return /^\s*\[Forge\b/.test(text) || /^\s*<\/?image\b/.test(text);
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return asItems(content)
    .map((part) => (typeof part.text === 'string' && !isAside(part.text) ? part.text : ''))
    .filter((text) => text !== '')
    .join('\n');
}

/** The last thing the user typed (Codex wraps context in extra user messages; the last one is the turn). Host notes are not part of it. */
export function lastUserText(input: readonly Item[]): string {
  for (let index = input.length - 1; index >= 0; index -= 1) {
    const item = input[index];
    if (item?.role === 'user') {
      const text = textOf(item.content).trim();
      if (text !== '') return text;
    }
  }
  return 'an image';
}

/** What the user's turn tells the scripted model beyond its words: the host's notes and the attached files' paths. */
export interface TurnAsides {
  /** `[Forge: …]` notes, as written. */
  notes: string[];
  /** Paths of the images Codex attached (`<image name=[Image #1] path="…">`). */
  imagePaths: string[];
  /** `input_image` parts of the turn (attached or pasted images). */
  inputImages: number;
}

export function turnAsides(input: readonly Item[]): TurnAsides {
  const asides: TurnAsides = { notes: [], imagePaths: [], inputImages: 0 };
  const lastUser = input.findLastIndex((item) => item.role === 'user' && textOf(item.content).trim() !== '');
  const item = input[lastUser];
  const parts = typeof item?.content === 'string' ? [{ type: 'input_text', text: item.content }] : asItems(item?.content);
  for (const part of parts) {
    if (part.type === 'input_image') asides.inputImages += 1;
    const text = typeof part.text === 'string' ? part.text : '';
    for (const line of text.split('\n')) if (/^\s*\[Forge\b/.test(line)) asides.notes.push(line.trim());
    const path = /^\s*<image\b[^>]*\bpath="([^"]+)"/.exec(text)?.[1];
    if (path !== undefined) asides.imagePaths.push(path);
  }
  return asides;
}

/** How many pictures the user asked for: "3 variants" in a note or their words (1–4). */
function variantCount(text: string, asides: TurnAsides): number {
  const match = /\b([1-9]) variants?\b/i.exec([...asides.notes, text].join('\n'));
  return Math.min(4, Math.max(1, Number(match?.[1] ?? 1)));
}

/** The user asks to change the picture they already have ("make it bluer", "same airship, from the side"). */
function isFollowUp(text: string): boolean {
  if (/\b(?:new|another|fresh|different)\b/i.test(text)) return false;
  return /^(?:make|turn|now|same|more|less|change|flip|mirror|try|give it|and)\b/i.test(text) || /\b(?:it|this one|that one)\b/i.test(text);
}

/** The path a host's note names as the chat's latest image (`[Forge: the latest image … "<path>" …]`). */
function latestImagePath(asides: TurnAsides): string | undefined {
  for (const note of asides.notes) {
    const path = /latest image[^"]*"([^"]+)"/i.exec(note)?.[1];
    if (path !== undefined) return path;
  }
  return undefined;
}

function wantsTransparency(text: string, asides: TurnAsides): boolean {
  return /\btransparent\b/i.test([...asides.notes, text].join('\n'));
}

function hasImagegenTool(tools: readonly Item[]): boolean {
  return tools.some(
    (tool) =>
      (tool.type === 'namespace' && tool.name === 'image_gen' && asItems(tool.tools).some((inner) => inner.name === 'imagegen')) ||
      (tool.type === 'function' && tool.name === 'imagegen'),
  );
}

function hostedImageTool(tools: readonly Item[]): Item | undefined {
  return tools.find((tool) => tool.type === 'image_generation');
}

let counter = 0;
function newId(prefix: string): string {
  counter += 1;
  return `${prefix}_fake${Date.now().toString(36)}${counter.toString(36)}`;
}

function usage(): Item {
  return { input_tokens: 42, input_tokens_details: { cached_tokens: 0 }, output_tokens: 17, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 59 };
}

function responseObject(id: string, model: string, status: string, output: Item[]): Item {
  return {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    model,
    output,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    error: null,
    incomplete_details: null,
    usage: status === 'completed' ? usage() : null,
  };
}

/** One step of the scripted answer: the finished output item plus how to stream it. */
interface Step {
  item: Item;
  stream(sse: SseWriter, outputIndex: number): Promise<boolean>;
}

function messageStep(text: string): Step {
  const id = newId('msg');
  const part = { type: 'output_text', text, annotations: [] };
  const item = { type: 'message', id, role: 'assistant', status: 'completed', content: [part] };
  return {
    item,
    async stream(sse, outputIndex) {
      const at = { item_id: id, output_index: outputIndex, content_index: 0 };
      if (!(await sse.send('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } }))) return false;
      if (!(await sse.send('response.content_part.added', { ...at, part: { ...part, text: '' } }))) return false;
      for (const delta of text.match(/\S+\s*/g) ?? [text]) {
        if (!(await sse.send('response.output_text.delta', { ...at, delta, logprobs: [] }))) return false;
      }
      if (!(await sse.send('response.output_text.done', { ...at, text, logprobs: [] }))) return false;
      if (!(await sse.send('response.content_part.done', { ...at, part }))) return false;
      return sse.send('response.output_item.done', { output_index: outputIndex, item });
    },
  };
}

/**
 * A tool call the model streams: added (empty, in progress), its text in one delta, done. Function
 * calls stream `arguments` (`response.function_call_arguments.*`); custom tool calls stream `input`
 * (`response.custom_tool_call_input.*`).
 */
function toolCallStep(item: Item & { id: string }, text: string, kind: 'function_call_arguments' | 'custom_tool_call_input'): Step {
  const field = kind === 'function_call_arguments' ? 'arguments' : 'input';
  return {
    item,
    async stream(sse, outputIndex) {
      if (!(await sse.send('response.output_item.added', { output_index: outputIndex, item: { ...item, [field]: '', status: 'in_progress' } }))) return false;
      if (!(await sse.send(`response.${kind}.delta`, { item_id: item.id, output_index: outputIndex, delta: text }))) return false;
      if (!(await sse.send(`response.${kind}.done`, { item_id: item.id, output_index: outputIndex, [field]: text }))) return false;
      return sse.send('response.output_item.done', { output_index: outputIndex, item });
    },
  };
}

function functionCallStep(prompt: string, options: { referencedImagePaths?: string[]; transparentBackground?: boolean } = {}): Step {
  const argumentsText = JSON.stringify({
    prompt,
    ...(options.referencedImagePaths === undefined || options.referencedImagePaths.length === 0 ? {} : { referenced_image_paths: options.referencedImagePaths }),
    ...(options.transparentBackground === true ? { transparent_background: true } : {}),
  });
  const item = { type: 'function_call', id: newId('fc'), call_id: newId('call'), namespace: 'image_gen', name: 'imagegen', arguments: argumentsText, status: 'completed' };
  return toolCallStep(item, argumentsText, 'function_call_arguments');
}

/** Codex's unified-exec tool call (`exec_command` with `cmd`, optional `workdir`), as 0.169.0 offers it. */
function execCommandStep(command: string, workdir: string | undefined): Step {
  const argumentsText = JSON.stringify({ cmd: command, ...(workdir === undefined ? {} : { workdir }) });
  const item = { type: 'function_call', id: newId('fc'), call_id: newId('call'), name: 'exec_command', arguments: argumentsText, status: 'completed' };
  return toolCallStep(item, argumentsText, 'function_call_arguments');
}

/** Codex's freeform `apply_patch` tool call: a `custom_tool_call` whose `input` is the patch text. */
function applyPatchStep(patch: string): Step {
  const item = { type: 'custom_tool_call', id: newId('ctc'), call_id: newId('call'), name: 'apply_patch', input: patch, status: 'completed' };
  return toolCallStep(item, patch, 'custom_tool_call_input');
}

const defaultPatch = '*** Begin Patch\n*** Add File: forge-fake.txt\n+written by the fake model\n*** End Patch\n';

/** The output of the tool calls answered since the user's last message, or undefined when there are none yet. */
export function toolOutputsSinceLastUserMessage(input: readonly Item[]): string | undefined {
  let lastUser = -1;
  for (const [index, item] of input.entries()) if (item.role === 'user') lastUser = index;
  const outputs = input
    .slice(lastUser + 1)
    .filter((item) => item.type === 'function_call_output' || item.type === 'custom_tool_call_output')
    .map((item) => (typeof item.output === 'string' ? item.output : textOf(item.output)));
  return outputs.length === 0 ? undefined : outputs.join('\n');
}

interface HostedImageCall {
  prompt: string;
  /** `edit` when the model changes an image it was given (attached, or drawn earlier in the thread). */
  action: 'generate' | 'edit';
  transparent: boolean;
}

async function imageGenerationStep(exchange: Exchange, tool: Item, call: HostedImageCall): Promise<Step> {
  const id = newId('ig');
  const { prompt } = call;
  const sizeMatch = typeof tool.size === 'string' ? /^(\d+)x(\d+)$/.exec(tool.size) : null;
  const { width, height } = drawnSize(exchange, sizeMatch ? Number(sizeMatch[1]) : 1024, sizeMatch ? Number(sizeMatch[2]) : 1024);
  const format: FakeImageFormat = tool.output_format === 'jpeg' || tool.output_format === 'webp' ? tool.output_format : 'png';
  const partialCount = typeof tool.partial_images === 'number' ? Math.min(3, Math.max(0, Math.floor(tool.partial_images))) : 0;
  const transparent = drawsTransparent(exchange, call.transparent) && format !== 'jpeg';
  const result = corruptImage(exchange, (await renderFakeImage({ prompt, width, height, format, stage: 'final', transparent })).toString('base64'));
  const item = {
    type: 'image_generation_call',
    id,
    status: 'completed',
    result,
    revised_prompt: exchange.scenario.revisedPrompt ?? `${prompt}, detailed illustration`,
    action: call.action,
    background: transparent ? 'transparent' : 'opaque',
    output_format: format,
    quality: typeof tool.quality === 'string' && tool.quality !== 'auto' ? tool.quality : 'medium',
    size: `${width}x${height}`,
  };
  return {
    item,
    async stream(sse, outputIndex) {
      const at = { item_id: id, output_index: outputIndex };
      if (!(await sse.send('response.output_item.added', { output_index: outputIndex, item: { type: 'image_generation_call', id, status: 'in_progress' } }))) return false;
      if (!(await sse.send('response.image_generation_call.in_progress', at))) return false;
      if (!(await sse.send('response.image_generation_call.generating', at))) return false;
      for (let index = 0; index < partialCount; index += 1) {
        const partial = await renderFakeImage({ prompt, width, height, format, stage: index, transparent });
        if (!(await sse.send('response.image_generation_call.partial_image', { ...at, partial_image_index: index, partial_image_b64: partial.toString('base64') }))) return false;
      }
      if (partialCount > 0) await pauseBeforeFinal(exchange);
      if (!(await sse.send('response.image_generation_call.completed', at))) return false;
      return sse.send('response.output_item.done', { output_index: outputIndex, item });
    },
  };
}

/**
 * What the image tool gave back to this request, as a model reads it: Codex sends the picture as an
 * `input_image` part, or the tool's error text (e.g. an HTTP 429 body) when it failed.
 */
function toolResult(items: readonly Item[]): { image: boolean; text: string } {
  const parts = items
    .filter((item) => item.type === 'function_call_output')
    .flatMap((item) => (typeof item.output === 'string' ? [{ type: 'input_text', text: item.output }] : asItems(item.output)));
  return { image: parts.some((part) => part.type === 'input_image'), text: textOf(parts) };
}

/** The model's closing words follow what the tool really did: it never claims a picture that did not arrive. */
function toolOutro(result: { image: boolean; text: string }): string {
  if (result.image) return 'Here is the image you asked for. It is saved with the project.';
  const reason = result.text.split('\n')[0]?.trim().slice(0, 200) ?? '';
  return `I could not make that image (${reason === '' ? 'the image tool returned nothing' : reason}). Want me to try again?`;
}

async function planSteps(exchange: Exchange, request: ResponsesRequest): Promise<Step[]> {
  const prompt = lastUserText(request.input);
  const asides = turnAsides(request.input);
  // Only a tool result that answers this request counts: earlier turns of the thread carry their own.
  const lastUser = request.input.findLastIndex((item) => item.role === 'user');
  const answering = request.input.slice(lastUser + 1);
  const hasToolResult = answering.some((item) => item.type === 'function_call_output');
  if (exchange.scenario.name === 'empty') return [];
  if (exchange.scenario.name === 'exec-command' || exchange.scenario.name === 'apply-patch') {
    const output = toolOutputsSinceLastUserMessage(request.input);
    if (output !== undefined) return [messageStep(`The tool answered: ${output.slice(0, 400)}`)];
    return exchange.scenario.name === 'exec-command'
      ? [execCommandStep(exchange.scenario.command ?? 'pwd', exchange.scenario.workdir)]
      : [applyPatchStep(exchange.scenario.patch ?? defaultPatch)];
  }
  const count = variantCount(prompt, asides);
  if (hasImagegenTool(request.tools) && !hasToolResult) {
    // As a model reads the turn: attached files are edited by their paths; a follow-up edits the chat's latest image.
    const latest = latestImagePath(asides);
    const referencedImagePaths = asides.imagePaths.length > 0 ? asides.imagePaths : latest !== undefined && isFollowUp(prompt) ? [latest] : [];
    const transparentBackground = wantsTransparency(prompt, asides);
    return Array.from({ length: count }, (_, index) => functionCallStep(count === 1 ? prompt : `${prompt} (variant ${index + 1} of ${count})`, { referencedImagePaths, transparentBackground }));
  }
  if (hasToolResult) return [messageStep(toolOutro(toolResult(answering)))];
  const tool = hostedImageTool(request.tools);
  if (tool) {
    const outro = damagesImages(exchange) ? 'That image did not come through properly. Want me to try again?' : count > 1 ? `Here are ${count} variants. Want any changes?` : 'Here it is. Want any changes?';
    const followsAnImage = request.previousResponseId !== undefined && responsesWithImages.has(request.previousResponseId) && isFollowUp(prompt);
    const action = tool.action === 'generate' ? 'generate' : tool.action === 'edit' || asides.inputImages > 0 || followsAnImage ? 'edit' : 'generate';
    const transparent = tool.background === 'transparent' || ((tool.background === undefined || tool.background === 'auto') && wantsTransparency(prompt, asides));
    const images = [];
    for (let index = 0; index < count; index += 1) {
      images.push(await imageGenerationStep(exchange, tool, { prompt: count === 1 ? prompt : `${prompt} (variant ${index + 1} of ${count})`, action, transparent }));
    }
    return [messageStep(action === 'edit' ? 'Editing that image now.' : 'Generating that image now.'), ...images, messageStep(outro)];
  }
  return [messageStep(`Fake reply to: ${prompt}`)];
}

/** Answers a Responses API request that passed the fault stage. */
export async function answerResponses(exchange: Exchange, body: unknown): Promise<void> {
  const request = readRequest(body);
  const steps = await planSteps(exchange, request);
  const id = newId('resp');
  const output = steps.map((step) => step.item);
  if (output.some((item) => item.type === 'image_generation_call')) responsesWithImages.add(id);
  if (!request.stream) {
    sendJson(exchange, 200, responseObject(id, request.model, 'completed', output));
    return;
  }
  const sse = startSse(exchange, exchange.scenario.name === 'slow' ? (exchange.scenario.delayMs ?? 300) : 0);
  const inProgress = responseObject(id, request.model, 'in_progress', []);
  if (!(await sse.send('response.created', { response: inProgress }))) return;
  if (!(await sse.send('response.in_progress', { response: inProgress }))) return;
  const sendStreamError = async (): Promise<void> => {
    await sse.send('error', { error: { type: 'server_error', code: 'server_error', message: 'The response stream failed on the server.' } });
  };
  if (await interruptStream(exchange, sendStreamError)) return;
  for (const [outputIndex, step] of steps.entries()) {
    if (!(await step.stream(sse, outputIndex))) return;
  }
  await sse.send('response.completed', { response: responseObject(id, request.model, 'completed', output) });
  sse.end();
}
