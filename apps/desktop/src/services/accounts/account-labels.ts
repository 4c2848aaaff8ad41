// The account in words, as the header and Settings → Account show it: "ChatGPT Plus",
// "OpenAI API key", "Offline previews" — never Codex's raw names ("custom-provider", "api-key").
import type { CodexAccountInfo } from '@forge/agent';

const planNames: Record<string, string> = {
  free: 'Free',
  go: 'Go',
  plus: 'Plus',
  pro: 'Pro',
  prolite: 'Pro Lite',
  promax: 'Pro Max',
  team: 'Team',
  business: 'Business',
  enterprise: 'Enterprise',
  edu: 'Edu',
  edu_plus: 'Edu Plus',
  edu_pro: 'Edu Pro',
};

/** `plus` → "Plus"; an unknown plan in title case (`self_serve_business_prolite` → "Self Serve Business Prolite"); `unknown` → none. */
export function planName(plan: string | undefined): string | undefined {
  if (plan === undefined || plan === '' || plan === 'unknown') return undefined;
  return planNames[plan] ?? plan.split(/[_\s-]+/).map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ');
}

export const offlineLabel = 'Offline previews';
export const apiKeyLabel = 'OpenAI API key';
export const checkingLabel = 'Checking account…';

export function codexLabel(info: CodexAccountInfo | undefined): string {
  if (info === undefined) return 'ChatGPT';
  switch (info.kind) {
    case 'chatgpt': {
      const plan = planName(info.plan);
      return plan === undefined ? 'ChatGPT' : `ChatGPT ${plan}`;
    }
    case 'api-key':
      return 'Codex with an API key';
    case 'custom-provider':
      return 'Codex on a custom server';
    case 'other':
      return 'Codex';
    case 'none':
      return 'ChatGPT (signed out)';
    default:
      info.kind satisfies never;
      return 'Codex';
  }
}
