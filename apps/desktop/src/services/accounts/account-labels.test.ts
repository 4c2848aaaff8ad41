import { describe, expect, it } from 'vitest';

import { codexLabel, planName } from './account-labels.ts';

describe('the account in words', () => {
  it('names ChatGPT plans as people read them, never Codex\'s raw ids', () => {
    expect(codexLabel({ signedIn: true, kind: 'chatgpt', plan: 'plus' })).toBe('ChatGPT Plus');
    expect(codexLabel({ signedIn: true, kind: 'chatgpt', plan: 'prolite' })).toBe('ChatGPT Pro Lite');
    expect(codexLabel({ signedIn: true, kind: 'chatgpt', plan: 'self_serve_business_usage_based' })).toBe('ChatGPT Self Serve Business Usage Based');
    expect(codexLabel({ signedIn: true, kind: 'chatgpt', plan: 'unknown' })).toBe('ChatGPT');
    expect(codexLabel({ signedIn: true, kind: 'chatgpt' })).toBe('ChatGPT');
  });

  it('says what Codex runs on when it is not a ChatGPT plan', () => {
    expect(codexLabel({ signedIn: true, kind: 'custom-provider' })).toBe('Codex on a custom server');
    expect(codexLabel({ signedIn: true, kind: 'api-key' })).toBe('Codex with an API key');
    expect(codexLabel({ signedIn: false, kind: 'none' })).toBe('ChatGPT (signed out)');
  });

  it('has no plan name for an unknown or empty plan', () => {
    expect(planName(undefined)).toBeUndefined();
    expect(planName('')).toBeUndefined();
    expect(planName('team')).toBe('Team');
  });
});
