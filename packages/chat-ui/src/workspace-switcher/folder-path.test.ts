import { describe, expect, it } from 'vitest';

import { folderPathProblem } from './folder-path.ts';

describe('folderPathProblem', () => {
  it('accepts full paths on any system the host may run on', () => {
    expect(folderPathProblem('/home/ada/game')).toBeUndefined();
    expect(folderPathProblem('  /srv/site  ')).toBeUndefined();
    expect(folderPathProblem('C:\\Users\\ada\\game')).toBeUndefined();
    expect(folderPathProblem('d:/art')).toBeUndefined();
    expect(folderPathProblem('\\\\server\\share\\art')).toBeUndefined();
  });

  it('says what is wrong with an empty, relative, home-relative or NUL path', () => {
    expect(folderPathProblem('   ')).toBe('Type the path of a project folder.');
    expect(folderPathProblem('game/art')).toMatch(/full path/);
    expect(folderPathProblem('C:game')).toMatch(/full path/);
    expect(folderPathProblem('~/game')).toMatch(/does not expand "~"/);
    expect(folderPathProblem('/a\0b')).toMatch(/NUL/);
  });
});
