import { describe, expect, it } from 'vitest';

import { parseLaunchArguments } from './launch-arguments.ts';

describe('launch arguments', () => {
  it('opens the workspace opened last by default, never the folder Forge was started in', () => {
    expect(parseLaunchArguments([], '/home/ada/forge-checkout')).toEqual({ mode: 'last' });
  });

  it('resolves --project DIR and --project=DIR against the folder the user typed in', () => {
    expect(parseLaunchArguments(['--project', '../art'], '/home/ada/game')).toEqual({ mode: 'project', projectDir: '/home/ada/art' });
    expect(parseLaunchArguments(['--project=/srv/site'], '/home/ada')).toEqual({ mode: 'project', projectDir: '/srv/site' });
  });

  it('switches to Open mode with --open', () => {
    expect(parseLaunchArguments(['--open'], '/home/ada')).toEqual({ mode: 'open' });
  });

  it('explains a missing folder or a contradiction instead of guessing', () => {
    expect(() => parseLaunchArguments(['--project'], '/')).toThrow('--project needs a folder');
    expect(() => parseLaunchArguments(['--project', '--open'], '/')).toThrow('--project needs a folder');
    expect(() => parseLaunchArguments(['--open', '--project', 'x'], '/')).toThrow('either --project DIR or --open');
  });
});
