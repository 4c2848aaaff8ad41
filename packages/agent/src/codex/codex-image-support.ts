// What Forge can hand Codex's image tool, said plainly so the composer shows each control
// disabled with its reason. Codex 0.169 offers the model a client-side `image_gen.imagegen`
// function and then calls the Images API itself with a fixed size, quality and background
// (`size: auto`, `quality: auto`, `background: opaque`); the model, not the host, fills the
// call's arguments. Forge cannot put an image of its own into that call, nor choose the options.
import type { AgentBackendCapabilities } from '../agent-backend-spec.ts';

const modelsChoice = 'Codex chooses this itself: its image tool takes no size, quality or background from Forge. Use an OpenAI API key or offline for this.';

export const codexImageSupport = {
  imageInput: {
    supported: false,
    reason: "Codex's image tool cannot take an image from Forge: refine and references need an OpenAI API key (or offline).",
  },
  imageOptions: {
    size: { supported: false, reason: modelsChoice },
    quality: { supported: false, reason: modelsChoice },
    background: { supported: false, reason: modelsChoice },
    count: { supported: false, reason: 'Codex draws one image per request.' },
  },
} as const satisfies Omit<AgentBackendCapabilities, 'agentTools'>;
