// Types for pack-packages.mjs, for the TypeScript tests that use it.
export interface PublishablePackage {
  name: string;
  dir: string;
  manifest: Record<string, unknown>;
}

export interface PackedPackage {
  name: string;
  dir: string;
  tarball: string;
}

export function publishablePackages(): PublishablePackage[];
export function checkTarball(tarball: string): string[];
export function packPackages(destination?: string): PackedPackage[];
