export { assetUrlPath, startWebHost, tokenHeader } from './web-host.ts';
export type { WebHost, WebHostOptions } from './web-host.ts';
export { launchWebApp } from './launch.ts';
export type { LaunchOptions, LaunchedApp } from './launch.ts';
export { LaunchArgumentsError, parseLaunchArguments } from '../main/launch-arguments.ts';
export type { LaunchArguments } from '../main/launch-arguments.ts';
