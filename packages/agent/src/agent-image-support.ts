// What a backend does with the composer's image controls (Refine, references, size, quality,
// background, count), every one filled in: a backend that does not say supports none, and the
// reason says so, so the host can show each control disabled with why — never drop it silently.
import type { AgentBackend, AgentImageOptions, AgentSupport } from './agent-backend-spec.ts';

export interface AgentImageSupport {
  imageInput: AgentSupport;
  imageOptions: Record<keyof AgentImageOptions, AgentSupport>;
}

const optionNames = ['size', 'quality', 'background', 'count'] as const satisfies ReadonlyArray<keyof AgentImageOptions>;

export function backendImageSupport(backend: Pick<AgentBackend, 'capabilities' | 'id'>): AgentImageSupport {
  const options = backend.capabilities?.imageOptions ?? {};
  const notSaid = (what: string): AgentSupport => ({ supported: false, reason: `The ${backend.id} backend cannot take ${what}.` });
  return {
    imageInput: backend.capabilities?.imageInput ?? notSaid('an input image (Refine, references)'),
    imageOptions: Object.fromEntries(optionNames.map((name) => [name, options[name] ?? notSaid(name === 'count' ? 'more than one image per request' : `a ${name} choice`)])) as Record<
      keyof AgentImageOptions,
      AgentSupport
    >,
  };
}

/** The options `backend` supports, the others left out (the host already showed them disabled). */
export function supportedImageOptions(support: AgentImageSupport, options: AgentImageOptions | undefined): AgentImageOptions {
  const kept: AgentImageOptions = {};
  if (options === undefined) return kept;
  for (const name of optionNames) {
    const value = options[name];
    if (value !== undefined && support.imageOptions[name].supported) (kept as Record<string, unknown>)[name] = value;
  }
  return kept;
}
