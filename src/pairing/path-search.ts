/**
 * The state of one breadth-first search for an augmenting path: backends queued once, each
 * frontend visited once through its node's list of unvisited members (a visited frontend is
 * unlinked; one a backend may not pair with stays, to be skipped).
 */
export class PathSearch {
  private readonly seen: Int32Array;
  private epoch = 0;
  private readonly queue: Int32Array;
  private qHead = 0;
  private qTail = 0;
  /** For a frontend: the backend that reached it. For a backend: the frontend it was reached through, -1 for a start. */
  private readonly parent: Int32Array;
  private readonly unvisitedHead: Int32Array;
  private readonly unvisitedNext: Int32Array;

  constructor(learners: number, nodes: number) {
    this.seen = new Int32Array(learners);
    this.queue = new Int32Array(learners);
    this.parent = new Int32Array(learners);
    this.unvisitedHead = new Int32Array(nodes);
    this.unvisitedNext = new Int32Array(learners);
  }

  restart(nodeStart: Int32Array): void {
    this.epoch++;
    this.qHead = 0;
    this.qTail = 0;
    for (let k = 0; k < this.unvisitedHead.length; k++) {
      const start = nodeStart[k] as number;
      const end = nodeStart[k + 1] as number;
      this.unvisitedHead[k] = start < end ? start : -1;
      for (let v = start; v < end; v++) this.unvisitedNext[v] = v + 1 < end ? v + 1 : -1;
    }
  }

  visitBackend(u: number, through: number): void {
    if (this.seen[u] === this.epoch) return;
    this.seen[u] = this.epoch;
    this.parent[u] = through;
    this.queue[this.qTail++] = u;
  }

  nextBackend(): number {
    return this.qHead < this.qTail ? (this.queue[this.qHead++] as number) : -1;
  }

  firstUnvisited(node: number): number {
    return this.unvisitedHead[node] as number;
  }

  nextUnvisited(v: number): number {
    return this.unvisitedNext[v] as number;
  }

  /** Marks `v` (after `before` in `node`'s list, -1 if first) reached from backend `from`. */
  visitFrontend(node: number, before: number, v: number, from: number): void {
    const after = this.unvisitedNext[v] as number;
    if (before === -1) this.unvisitedHead[node] = after;
    else this.unvisitedNext[before] = after;
    this.parent[v] = from;
  }

  reachedFrom(frontend: number): number {
    return this.parent[frontend] as number;
  }

  reachedThrough(backend: number): number {
    return this.parent[backend] as number;
  }
}
