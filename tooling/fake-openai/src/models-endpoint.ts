// GET /v1/models and /v1/models/{id}: the model list a key can see.
import { type Exchange, sendError, sendJson } from './exchange.ts';

export const defaultFakeModels: readonly string[] = ['gpt-image-2', 'gpt-image-1.5', 'gpt-image-1-mini', 'gpt-5', 'gpt-5-mini', 'text-embedding-3-small'];

function describe(id: string): Record<string, unknown> {
  return { id, object: 'model', created: 1_767_225_600, owned_by: 'openai' };
}

export function answerModels(exchange: Exchange, models: readonly string[], id: string | undefined): void {
  if (id === undefined) {
    sendJson(exchange, 200, { object: 'list', data: models.map(describe) });
    return;
  }
  if (!models.includes(id)) {
    sendError(exchange, 404, { message: `The model \`${id}\` does not exist or you do not have access to it.`, type: 'invalid_request_error', code: 'model_not_found' });
    return;
  }
  sendJson(exchange, 200, describe(id));
}
