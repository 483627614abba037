import { readFileSync } from 'node:fs';

/**
 * Where a process's resident memory is, by kind of mapping (from /proc/PID/smaps), to tell which part grows:
 * - mallocHeap: the main thread's malloc arena ([heap]): SQLite's page cache, zlib, V8's own C++ allocations;
 * - threadArenas: glibc's arenas of other threads (64 MB-aligned heaps): the picture worker's native drawing
 *   (resvg's pixmaps), libuv's thread pool;
 * - otherAnon: every other anonymous mapping: V8's heap pages (all isolates), large buffers;
 * - files: mapped files (node's code, native modules), which do not grow with traffic.
 */
export interface MemoryMap {
  mallocHeapMb: number;
  threadArenasMb: number;
  otherAnonMb: number;
  filesMb: number;
}

const MAPPING = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/;
/**
 * glibc puts each arena of another thread in heaps of HEAP_MAX_SIZE (64 MB) aligned to their size: the part in use
 * is a read-write mapping that starts on a 64 MB boundary (the rest of the 64 MB, reserved, holds nothing).
 */
const ARENA_ALIGN = 64n * 1024n * 1024n;

export function memoryMap(pid: number): MemoryMap {
  const kb = { mallocHeapMb: 0, threadArenasMb: 0, otherAnonMb: 0, filesMb: 0 };
  let kind: keyof MemoryMap = 'otherAnonMb';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const mapping = MAPPING.exec(line);
    if (mapping) {
      const [, from, , perms, name] = mapping;
      const arena = name === '' && perms!.startsWith('rw') && BigInt(`0x${from}`) % ARENA_ALIGN === 0n;
      kind = name === '[heap]' ? 'mallocHeapMb' : name!.startsWith('/') ? 'filesMb' : arena ? 'threadArenasMb' : 'otherAnonMb';
    } else if (line.startsWith('Rss:')) {
      kb[kind] += Number(line.split(/\s+/)[1]);
    }
  }
  const mb = (n: number) => Math.round((n / 1024) * 10) / 10;
  return {
    mallocHeapMb: mb(kb.mallocHeapMb),
    threadArenasMb: mb(kb.threadArenasMb),
    otherAnonMb: mb(kb.otherAnonMb),
    filesMb: mb(kb.filesMb),
  };
}
