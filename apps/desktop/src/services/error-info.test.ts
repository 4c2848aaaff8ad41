import { AssetStoreError } from '@forge/asset-store';
import { MemoryWriteError } from '@forge/assets-memory';
import { describe, expect, it } from 'vitest';

import { toContractError, toErrorInfo } from './error-info.ts';
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

  it('keeps a refused path, a linked folder and a full disk under their own codes, for saves and approvals alike', () => {
    const linked = '`.forge` in this project is a link to another place; Forge will not follow it';
    const full = 'Could not save the image: the disk holding /p/.forge/generated is full (ENOSPC). Free some space and try again.';
    expect(toContractError(new AssetStoreError({ code: 'outside_root', message: 'Refused the path "../x": it leads outside the store.' })).error.code).toBe('outside_root');
    expect(toContractError(new AssetStoreError({ code: 'linked_folder', message: linked, path: '/p/.forge' })).error).toEqual({ code: 'linked_folder', message: linked });
    expect(toErrorInfo(new AssetStoreError({ code: 'linked_folder', message: linked }))).toMatchObject({ code: 'linked_folder', retryable: false });
    expect(toErrorInfo(new AssetStoreError({ code: 'no_space', message: full }))).toEqual({ code: 'no_space', message: full, retryable: true });
    expect(toErrorInfo(new MemoryWriteError({ code: 'linked_folder', message: linked }))).toMatchObject({ code: 'linked_folder', message: linked });
    expect(toErrorInfo(new MemoryWriteError({ code: 'path_traversal', message: 'Memory file "../x.md" contains ".."' }))).toMatchObject({ code: 'outside_root' });
    expect(toErrorInfo(new MemoryWriteError({ code: 'no_space', message: 'Could not write /p/.forge/ASSETS.md: the disk holding /p/.forge is full (ENOSPC). Free some space and try again.' }))).toMatchObject({ code: 'no_space' });
    expect(toErrorInfo(new MemoryWriteError({ code: 'locked', message: 'busy' }))).toMatchObject({ code: 'memory_locked', retryable: true });
  });
});
