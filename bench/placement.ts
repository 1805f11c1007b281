/**
 * Which CPUs a process may run on, through util-linux's `taskset` (Node has no API for it).
 * Every thread of the process follows, its garbage collector's helpers included.
 */
import { execFileSync } from 'node:child_process';

/** The CPUs `pid` may run on; none where taskset is missing or cannot tell. */
export function allowedCpus(pid = process.pid): number[] {
  let listed: string;
  try {
    listed = execFileSync('taskset', ['-c', '-p', String(pid)], { encoding: 'utf8' });
  } catch {
    return [];
  }
  // "pid 42's current affinity list: 0,2-3"
  const list = listed.slice(listed.lastIndexOf(':') + 1).trim();
  return list.split(',').flatMap((range) => {
    const [first = Number.NaN, last = first] = range.split('-').map(Number);
    return last >= first ? Array.from({ length: last - first + 1 }, (_, i) => first + i) : [];
  });
}

/** Confines every thread of `pid` to `cpus`. */
export function pin(pid: number, cpus: readonly number[]): void {
  execFileSync('taskset', ['-a', '-c', '-p', cpus.join(','), String(pid)], { stdio: 'ignore' });
}
