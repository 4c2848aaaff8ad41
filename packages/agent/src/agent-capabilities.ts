// What a backend can do beyond chat and images, with the spec's default filled in: a backend that
// does not say has no agent tools.
import type { AgentBackend, AgentBackendCapabilities } from './agent-backend-spec.ts';

export function backendCapabilities(backend: Pick<AgentBackend, 'capabilities'>): AgentBackendCapabilities {
  return { agentTools: backend.capabilities?.agentTools === true };
}
