// The "Agent tools" setting as Settings shows it: whether it is on, and whether the current
// backend has such tools at all (with the reason when it does not).
import { backendCapabilities } from '@forge/agent';
import type { AgentBackend } from '@forge/agent';

import type { AgentToolsSummary } from '../contract/index.ts';

const unavailableReasons: Record<AgentBackend['id'], string> = {
  codex: 'This Codex backend has no agent tools.',
  openai: 'The OpenAI API backend has no agent tools: it only generates images.',
  offline: 'The offline backend has no agent tools: it only draws offline previews.',
};

export function agentToolsSummary(backend: Pick<AgentBackend, 'id' | 'capabilities'>, enabled: boolean): AgentToolsSummary {
  if (!backendCapabilities(backend).agentTools) return { enabled: false, available: false, unavailableReason: unavailableReasons[backend.id] };
  return { enabled, available: true };
}
