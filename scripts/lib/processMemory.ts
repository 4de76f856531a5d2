import { readdirSync, readFileSync } from 'node:fs';

/**
 * Memory of the processes below this one (Chromium's browser, renderer, GPU and utility
 * processes), read from /proc. RSS counts a shared page in every process that maps it (shm
 * segments, shared wasm memory, Chromium's shared buffers), so a sum of RSS can count it twice;
 * PSS (/proc/<pid>/smaps_rollup) splits each shared page between its processes and sums true.
 */

export interface ProcessMemory {
  pid: number;
  /** browser, renderer, gpu-process, utility (with its sub-type), zygote… from the command line. */
  kind: string;
  rssMiB: number;
  pssMiB: number;
  /** Parts of PSS (smaps_rollup): private and anonymous memory, file pages, shmem. */
  pssAnonMiB: number;
  pssFileMiB: number;
  pssShmemMiB: number;
  cpuS: number;
}

const MiB = 2 ** 20;

function kindOf(pid: number): string {
  try {
    // Chromium rewrites its helpers' titles: their arguments may come joined by spaces.
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    const type = args.find((a) => a.startsWith('--type='))?.slice(7);
    if (!type) return 'browser';
    const sub = args.find((a) => a.startsWith('--utility-sub-type='))?.slice(19);
    return sub ? `${type}:${sub.split('.').slice(-1)[0]}` : type;
  } catch {
    return '?';
  }
}

function rollup(pid: number): { pss: number; anon: number; file: number; shmem: number } {
  const out = { pss: 0, anon: 0, file: 0, shmem: 0 };
  try {
    for (const line of readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').split('\n')) {
      const m = /^(Pss|Pss_Anon|Pss_File|Pss_Shmem):\s+(\d+) kB/.exec(line);
      if (!m) continue;
      const kib = Number(m[2]) * 1024;
      if (m[1] === 'Pss') out.pss = kib;
      else if (m[1] === 'Pss_Anon') out.anon = kib;
      else if (m[1] === 'Pss_File') out.file = kib;
      else out.shmem = kib;
    }
  } catch {
    // the process ended
  }
  return out;
}

/** The processes below `root` (default: this one). `withPss` reads smaps_rollup too (slower: the kernel walks each mapping). */
export function processesBelow(root = process.pid, withPss = true): ProcessMemory[] {
  const parent = new Map<number, number>();
  const stats = new Map<number, { rss: number; cpu: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(fields[1]));
      // utime + stime in clock ticks (100 per second on Linux), RSS in 4 KiB pages.
      stats.set(Number(name), { rss: (Number(fields[21]) * 4096) / MiB, cpu: (Number(fields[11]) + Number(fields[12])) / 100 });
    } catch {
      // the process ended
    }
  }
  const below = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  const out: ProcessMemory[] = [];
  for (const [pid, s] of stats) {
    if (!below(pid)) continue;
    const r = withPss ? rollup(pid) : { pss: 0, anon: 0, file: 0, shmem: 0 };
    out.push({ pid, kind: kindOf(pid), rssMiB: s.rss, pssMiB: r.pss / MiB, pssAnonMiB: r.anon / MiB, pssFileMiB: r.file / MiB, pssShmemMiB: r.shmem / MiB, cpuS: s.cpu });
  }
  return out;
}

/** Sums of RSS, PSS and CPU time over processes. */
export function totals(list: readonly ProcessMemory[]): { rssMiB: number; pssMiB: number; cpuS: number } {
  return list.reduce((t, p) => ({ rssMiB: t.rssMiB + p.rssMiB, pssMiB: t.pssMiB + p.pssMiB, cpuS: t.cpuS + p.cpuS }), { rssMiB: 0, pssMiB: 0, cpuS: 0 });
}

export interface Mapping {
  range: string;
  name: string;
  sizeMiB: number;
  rssMiB: number;
  pssMiB: number;
}

/** A process's mappings with the most resident memory (e.g. a wasm memory shows as one large anonymous mapping). */
export function largestMappings(pid: number, minRssMiB = 32): Mapping[] {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return [];
  }
  const out: Mapping[] = [];
  let current: Mapping | undefined;
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+-[0-9a-f]+)\s+\S+\s+\S+\s+\S+\s+\S+\s*(.*)$/.exec(line);
    if (head) {
      if (current && current.rssMiB >= minRssMiB) out.push(current);
      current = { range: head[1]!, name: head[2] || '[anon]', sizeMiB: 0, rssMiB: 0, pssMiB: 0 };
      continue;
    }
    const m = /^(Size|Rss|Pss):\s+(\d+) kB/.exec(line);
    if (m && current) current[m[1] === 'Size' ? 'sizeMiB' : m[1] === 'Rss' ? 'rssMiB' : 'pssMiB'] = (Number(m[2]) * 1024) / MiB;
  }
  if (current && current.rssMiB >= minRssMiB) out.push(current);
  return out.sort((a, b) => b.rssMiB - a.rssMiB);
}

/**
 * Waits until `measure()` (MiB) moves less than `tolerance` over 2 s, at most `maxS` seconds: a
 * freshly opened app keeps growing for a while (its search worker loads the index, its service
 * worker precaches the corpus), which a baseline taken at once would count in the next peak.
 */
export async function settle(measure: () => number, tolerance = 8, maxS = 60): Promise<void> {
  let last = measure();
  for (let waited = 0; waited < maxS; waited += 2) {
    await new Promise((r) => setTimeout(r, 2000));
    const now = measure();
    if (Math.abs(now - last) < tolerance) return;
    last = now;
  }
}

/** CPU seconds of every thread of the processes below `root`, keyed `pid/tid`, with the thread's name. */
export function threadCpu(root = process.pid): Map<string, { name: string; kind: string; cpuS: number }> {
  const ticks = 100;
  const out = new Map<string, { name: string; kind: string; cpuS: number }>();
  for (const p of processesBelow(root, false)) {
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${p.pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${p.pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(`${p.pid}/${tid}`, { name, kind: p.kind, cpuS: (Number(fields[11]) + Number(fields[12])) / ticks });
      } catch {
        // the thread ended
      }
    }
  }
  return out;
}

/** Where CPU time went between two `threadCpu` snapshots: the busiest threads, then the rest summed. */
export function threadCpuSplit(before: ReturnType<typeof threadCpu>, after: ReturnType<typeof threadCpu>, top = 4): string {
  const used = [...after].map(([key, t]) => ({ ...t, key, cpuS: t.cpuS - (before.get(key)?.cpuS ?? 0) })).filter((t) => t.cpuS > 0).sort((a, b) => b.cpuS - a.cpuS);
  const total = used.reduce((s, t) => s + t.cpuS, 0);
  const head = used.slice(0, top).map((t) => `${t.kind} « ${t.name} » ${t.cpuS.toFixed(1)} s`);
  const rest = used.slice(top).reduce((s, t) => s + t.cpuS, 0);
  return `${total.toFixed(1)} CPU-s: ${head.join(', ')}, ${used.length - Math.min(top, used.length)} other threads ${rest.toFixed(1)} s (${total ? (100 * rest / total).toFixed(1) : 0} %)`;
}
