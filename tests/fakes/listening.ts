import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Whether this system shows sockets in /proc (Linux): the port checks skip themselves elsewhere. */
export const canSeeSockets = existsSync('/proc/net/tcp') && existsSync('/proc/self/fd');

/**
 * The TCP ports a process listens on and the UDP ports it has bound, from /proc: the socket inodes among its
 * open files, looked up in the kernel's socket tables.
 */
export function openPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // Closed while reading.
    }
  }
  const ports: number[] = [];
  for (const table of ['tcp', 'tcp6', 'udp', 'udp6']) {
    const file = `/proc/net/${table}`;
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const [local, state, inode] = [f[1]!, f[3]!, f[9]!];
      const listening = table.startsWith('udp') || state === '0A';
      if (listening && inodes.has(inode)) ports.push(Number.parseInt(local.split(':')[1]!, 16));
    }
  }
  return ports;
}
