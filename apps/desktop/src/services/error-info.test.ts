import { AssetStoreError } from '@forge/asset-store';
import { describe, expect, it } from 'vitest';

import { toContractError } from './error-info.ts';
import { ContractInputError } from './forge-services.ts';

describe('errors that cross the contract', () => {
  it('shows the user the message of a mistaken call as it is', () => {
    expect(toContractError(new ContractInputError('Type a message first.'))).toEqual({ error: { code: 'invalid_input', message: 'Type a message first.' }, expected: true });
  });

  it('hides an unexpected failure behind a generic message and flags it for the log', () => {
    const { error, expected } = toContractError(new Error('ENOENT /home/ada/.config/forge/secret.json token=abc'));
    expect(expected).toBe(false);
    expect(error.code).toBe('internal');
    expect(error.message).not.toContain('secret');
  });

  it('keeps a save failure specific: where it tried', () => {
    const { error } = toContractError(new AssetStoreError({ code: 'read_only', message: 'Could not save into /p/.forge/generated: the folder is read-only.', path: '/p/.forge/generated' }));
    expect(error).toEqual({ code: 'save_failed', message: 'Could not save into /p/.forge/generated: the folder is read-only.' });
  });
});
