// Checks an API key (and base URL) with one cheap call before anyone keeps it: list the models.
// The answer says whether the key works, whether the server is an OpenAI-compatible one at all
// (an HTML sign-in page is not), and which models the key can use. The key never appears in errors.
import { redactSecrets } from '@forge/image-gen';
import OpenAI from 'openai';

import { AgentError } from '../agent-error.ts';
import { errorFromOpenAIFailure } from './openai-error-mapping.ts';

export interface OpenAIKeyCheckOptions {
  apiKey: string;
  /** An OpenAI-compatible server (ends in `/v1`); default OpenAI's. */
  baseURL?: string;
  fetch?: typeof fetch;
  abortSignal?: AbortSignal;
  /** How long the server may take to answer (default 15 s). */
  timeoutMs?: number;
}

export interface OpenAIKeyCheck {
  /** Every model id the key can see, as the server listed them. */
  models: string[];
}

function where(baseURL: string | undefined): string {
  return baseURL === undefined ? 'OpenAI' : baseURL;
}

/**
 * Lists the models with the key. Throws an AgentError: `signed_out` when the server rejects the
 * key, `network` when it cannot be reached, `protocol` when it does not answer like an OpenAI
 * server, or what the server's error maps to.
 */
export async function checkOpenAIKey(options: OpenAIKeyCheckOptions): Promise<OpenAIKeyCheck> {
  const secrets = [options.apiKey];
  const client = new OpenAI({
    apiKey: options.apiKey,
    maxRetries: 0,
    timeout: options.timeoutMs ?? 15_000,
    ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  let response: Response;
  let body: string;
  try {
    // The raw answer: the SDK would read an HTML page as an empty list.
    response = await client.models.list(options.abortSignal === undefined ? {} : { signal: options.abortSignal }).asResponse();
    body = await response.text();
  } catch (error) {
    const mapped = errorFromOpenAIFailure(error, secrets, options.abortSignal);
    if (AgentError.isInstance(mapped) && mapped.code === 'signed_out') {
      throw new AgentError({ code: 'signed_out', message: `${where(options.baseURL)} rejected this key.`, retryable: false, cause: error });
    }
    // A server that never answers is as unreachable as one that refuses the connection.
    if (AgentError.isInstance(mapped) && (mapped.code === 'network' || mapped.code === 'timeout')) {
      throw new AgentError({ code: 'network', message: `Could not reach ${where(options.baseURL)}: check the address and the connection, then try again.`, cause: error });
    }
    throw mapped;
  }
  const contentType = response.headers.get('content-type') ?? 'no content type';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw notOpenAI(options.baseURL, /html/i.test(contentType) ? 'it sent a web page' : `it sent ${contentType}, not JSON`);
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw notOpenAI(options.baseURL, 'its model list has no "data" array');
  const models = data.map((entry) => (entry as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string' && id !== '');
  return { models: models.map((model) => redactSecrets(model, secrets)) };
}

function notOpenAI(baseURL: string | undefined, why: string): AgentError {
  return new AgentError({
    code: 'protocol',
    message: `${where(baseURL)} did not answer like an OpenAI server (${why}). Check the base URL: it usually ends in /v1.`,
    retryable: false,
  });
}
