// Real disk conditions for tests: a tiny tmpfs is a genuinely full disk, and a tmpfs
// remounted read-only is a genuinely read-only folder (root ignores chmod, not mounts).
import { execFileSync } from 'node:child_process';

/** Mounts a tmpfs of `size` at `target`; false (with the reason) where the machine does not allow it. */
export function mountTmpfs(target: string, size: string): { mounted: true } | { mounted: false; reason: string } {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', target], { stdio: 'pipe' });
    return { mounted: true };
  } catch (error) {
    return { mounted: false, reason: error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error) };
  }
}

export function remountReadOnly(target: string): void {
  execFileSync('mount', ['-o', 'remount,ro', target], { stdio: 'pipe' });
}

export function unmount(target: string): void {
  try {
    execFileSync('umount', ['-l', target], { stdio: 'pipe' });
  } catch {
    // Not mounted (the fallback path ran instead).
  }
}
