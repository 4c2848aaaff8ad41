// What a page costs in memory, read from /proc: the PSS of the renderer processes below a
// browser that can hold a page, and its parts (MB). Shared by the Library and long-chat
// benchmarks.
//
// Headless Chromium (156 here) also starts a renderer for its own hidden window's UI
// (`--top-chrome-webui`): 60–80 MB that no page of ours is drawn in, that does not change with
// the page, and that Electron does not have. It is left out of the page's figure and reported
// on its own (`browserUi`) so that a reader can add it back.
import { readdirSync, readFileSync } from 'node:fs';

/** The PSS of a process and its parts (MB). */
export interface ProcessMemory {
  pss: number;
  anon: number;
  file: number;
  shmem: number;
}

/**
 * PSS and its parts (MB), summed over the `--type=renderer` processes below `browserPid` (the
 * page's, and a spare one Chromium keeps for the next navigation), and the PSS of the browser's
 * own UI renderer, which is not counted in them.
 */
export function rendererMemory(browserPid: number): ProcessMemory & { browserUi: number } {
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
  const total = { pss: 0, anon: 0, file: 0, shmem: 0, browserUi: 0 };
  const queue = [...(children.get(browserPid) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift() ?? 0;
    queue.push(...(children.get(pid) ?? []));
    try {
      // Chromium sets its processes' titles: the arguments may be one string with spaces.
      const commandLine = readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8').split(/[\0 ]/);
      if (!commandLine.includes('--type=renderer')) continue;
      const rollup = readFileSync(`/proc/${String(pid)}/smaps_rollup`, 'utf8');
      const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0) / 1024;
      if (commandLine.includes('--top-chrome-webui')) {
        total.browserUi += field('Pss');
        continue;
      }
      total.pss += field('Pss');
      total.anon += field('Pss_Anon');
      total.file += field('Pss_File');
      total.shmem += field('Pss_Shmem');
    } catch {
      // Gone already.
    }
  }
  if (total.pss === 0) throw new Error(`No renderer process of a page was found below the browser (pid ${String(browserPid)}).`);
  return total;
}

/** The PSS (MB) of the renderer processes below the browser that can hold a page: what the page costs in memory. */
export function rendererPssMb(browserPid: number): number {
  return rendererMemory(browserPid).pss;
}
