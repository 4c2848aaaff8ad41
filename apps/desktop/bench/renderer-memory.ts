// What a page costs in memory, read from /proc: the PSS of every renderer process below a
// browser, and its parts (MB). Shared by the Library and long-chat benchmarks.
import { readdirSync, readFileSync } from 'node:fs';

/** PSS and its parts (MB), summed over the `--type=renderer` processes below `browserPid`. */
export function rendererMemory(browserPid: number): { pss: number; anon: number; file: number; shmem: number } {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
    } catch {
      // Gone already.
    }
  }
  const total = { pss: 0, anon: 0, file: 0, shmem: 0 };
  const queue = [...(children.get(browserPid) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift() ?? 0;
    queue.push(...(children.get(pid) ?? []));
    try {
      if (!readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const rollup = readFileSync(`/proc/${String(pid)}/smaps_rollup`, 'utf8');
      const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0) / 1024;
      total.pss += field('Pss');
      total.anon += field('Pss_Anon');
      total.file += field('Pss_File');
      total.shmem += field('Pss_Shmem');
    } catch {
      // Gone already.
    }
  }
  return total;
}

/** The PSS (MB) of every renderer process below the browser: what the page costs in memory. */
export function rendererPssMb(browserPid: number): number {
  return rendererMemory(browserPid).pss;
}
