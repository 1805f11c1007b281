/**
 * Turns a class solution (class-network.ts) into real pairs: distinct, never active, never a
 * repeat (unless between two single learners, whose edge the solution costed exactly), and giving
 * each learner an even share of their node's pairs (shares differ by at most one, so a node of
 * learners without a partner covers as many of them as the solution counted).
 *
 * Pairs are drawn only within the solution's blocks (node pairs of reduced cost zero or negative
 * at its prices), and a full block (negative) keeps exactly its pairs: all of them when it holds
 * every pair between its nodes (placed first, never undone), or else all the slots of one of its
 * nodes or both (such a node then pairs only within the block). With every node's throughput unchanged,
 * such pairs cost exactly what the solution costs, so the choice among them is free
 * (complementary slackness, see MinCostFlow.settlePrices). The caller checks the result anyway.
 *
 * First greedily, block by block, round robin over both nodes' members; then a learner still short
 * is served by an augmenting path (a backend takes a frontend who gives up a backend who takes
 * another frontend ... until one with room), searched breadth first over the implicit graph of
 * every allowed pair: each frontend is visited once per search, through a per-node list of
 * unvisited members in which only a backend's own few exceptions are skipped over.
 */

import type { ClassBlock, ClassNode, ClassSolution } from './class-network.js';
import { PathSearch } from './path-search.js';
import { type Prepared, pairKey } from './round-input.js';

export interface Realisation {
  /** Learner indices `[b0, f0, b1, f1, ...]`. */
  pairs: number[];
  /** Learners left short of their share: none when the realisation is complete. */
  short: number[];
}

export function realise(prep: Prepared, solution: ClassSolution): Realisation {
  const realiser = new Realiser(prep, solution);
  const blocked = realiser.placeLocked();
  if (blocked.length > 0) return { pairs: [], short: blocked };
  realiser.fillGreedily();
  realiser.augmentAll();
  return realiser.result();
}

const OPEN = 1;
/** Every pair between the block's two nodes, placed first and never undone. */
const LOCKED = 2;

/**
 * The learners with a share, numbered node by node (a node's members are contiguous, backend
 * nodes hence backends first), their partners so far in slots sized by their share, and the
 * blocks they may pair within.
 */
class Realiser {
  private readonly n: number;
  private readonly nodeStart: Int32Array;
  private readonly learnerOf: Int32Array;
  private readonly nodeOf: Int32Array;
  private readonly share: Int32Array;
  private readonly backendCount: number;
  private readonly slotStart: Int32Array;
  private readonly partnerCount: Int32Array;
  private readonly partners: Int32Array;
  private readonly frontendNodes: number;
  private readonly backendNodes: number;
  private readonly status: Uint8Array;
  /** Open blocks' frontend nodes, by backend node: where a backend may find partners. */
  private readonly targets: number[][];

  constructor(
    private readonly prep: Prepared,
    private readonly solution: ClassSolution,
  ) {
    const { nodes } = solution;
    this.n = prep.learners.length;
    this.nodeStart = new Int32Array(nodes.length + 1);
    const learnerOf: number[] = [];
    const nodeOf: number[] = [];
    const share: number[] = [];
    let backendCount = 0;
    nodes.forEach((node, k) => {
      this.nodeStart[k] = learnerOf.length;
      const size = node.members.length;
      const base = Math.floor(node.pairs / size);
      const extra = node.pairs - base * size;
      // Members are in seeded order, so the seed decides who gets one more.
      for (let r = 0; r < size; r++) {
        if (base === 0 && r >= extra) break;
        learnerOf.push(node.members[r] as number);
        nodeOf.push(k);
        share.push(base + (r < extra ? 1 : 0));
      }
      if (node.isBackend) backendCount = learnerOf.length;
    });
    this.nodeStart[nodes.length] = learnerOf.length;
    this.learnerOf = Int32Array.from(learnerOf);
    this.nodeOf = Int32Array.from(nodeOf);
    this.share = Int32Array.from(share);
    this.backendCount = backendCount;
    const m = learnerOf.length;
    this.slotStart = new Int32Array(m + 1);
    for (let u = 0; u < m; u++)
      this.slotStart[u + 1] = (this.slotStart[u] as number) + (this.share[u] as number);
    this.partnerCount = new Int32Array(m);
    this.partners = new Int32Array(this.slotStart[m] as number);

    this.backendNodes = nodes.filter((node) => node.isBackend).length;
    this.frontendNodes = nodes.length - this.backendNodes;
    this.status = new Uint8Array(this.backendNodes * this.frontendNodes);
    // A full block that does not hold every pair between its nodes holds all the slots of one of
    // them, or of both: such a node pairs within the block alone.
    const onlyTarget = new Int32Array(nodes.length).fill(-1);
    const onlySource = new Int32Array(nodes.length).fill(-1);
    for (const block of solution.blocks) {
      const backend = nodes[block.backend] as ClassNode;
      const frontend = nodes[block.frontend] as ClassNode;
      const bSize = backend.members.length;
      const fSize = frontend.members.length;
      const every = block.full && block.pairs === bSize * fSize;
      this.status[this.blockAt(block.backend, block.frontend)] = every ? LOCKED : OPEN;
      if (every || !block.full) continue;
      if (block.pairs === bSize * backend.slots) onlyTarget[block.backend] = block.frontend;
      if (block.pairs === fSize * frontend.slots) onlySource[block.frontend] = block.backend;
    }
    this.targets = nodes.map(() => []);
    for (const { backend, frontend } of solution.blocks) {
      if (this.status[this.blockAt(backend, frontend)] !== OPEN) continue;
      if ((onlyTarget[backend] as number) >= 0 && onlyTarget[backend] !== frontend) continue;
      if ((onlySource[frontend] as number) >= 0 && onlySource[frontend] !== backend) continue;
      (this.targets[backend] as number[]).push(frontend);
    }
  }

  private blockAt(backendNode: number, frontendNode: number): number {
    return backendNode * this.frontendNodes + (frontendNode - this.backendNodes);
  }

  private isLocked(u: number, v: number): boolean {
    return this.status[this.blockAt(this.nodeOf[u] as number, this.nodeOf[v] as number)] === LOCKED;
  }

  /** Never active; never recent either, unless both are single (their edge counted the repeat). */
  private allowed(u: number, v: number): boolean {
    const key = pairKey(this.learnerOf[u] as number, this.learnerOf[v] as number, this.n);
    if (this.prep.active.has(key)) return false;
    if (!this.prep.recent.has(key)) return true;
    const { nodes } = this.solution;
    return (
      (nodes[this.nodeOf[u] as number] as ClassNode).single &&
      (nodes[this.nodeOf[v] as number] as ClassNode).single
    );
  }

  private need(u: number): number {
    return (this.share[u] as number) - (this.partnerCount[u] as number);
  }

  private paired(u: number, v: number): boolean {
    const end = (this.slotStart[u] as number) + (this.partnerCount[u] as number);
    for (let s = this.slotStart[u] as number; s < end; s++) if (this.partners[s] === v) return true;
    return false;
  }

  private link(u: number, v: number): void {
    for (const [a, b] of [
      [u, v],
      [v, u],
    ] as const) {
      this.partners[(this.slotStart[a] as number) + (this.partnerCount[a] as number)] = b;
      this.partnerCount[a] = (this.partnerCount[a] as number) + 1;
    }
  }

  private unlink(u: number, v: number): void {
    for (const [a, b] of [
      [u, v],
      [v, u],
    ] as const) {
      const start = this.slotStart[a] as number;
      const last = start + (this.partnerCount[a] as number) - 1;
      for (let s = start; s <= last; s++) {
        if (this.partners[s] !== b) continue;
        this.partners[s] = this.partners[last] as number;
        this.partnerCount[a] = (this.partnerCount[a] as number) - 1;
        break;
      }
    }
  }

  /**
   * Places every locked block's pairs. Returns the learners of those not allowed: the block
   * cannot be realised, and singling them out lets the next class solution see why.
   */
  placeLocked(): number[] {
    const blocked: number[] = [];
    const { nodeStart } = this;
    for (const { backend, frontend } of this.solution.blocks) {
      if (this.status[this.blockAt(backend, frontend)] !== LOCKED) continue;
      for (let u = nodeStart[backend] as number; u < (nodeStart[backend + 1] as number); u++) {
        for (let v = nodeStart[frontend] as number; v < (nodeStart[frontend + 1] as number); v++) {
          if (this.allowed(u, v)) this.link(u, v);
          else blocked.push(this.learnerOf[u] as number, this.learnerOf[v] as number);
        }
      }
    }
    return blocked;
  }

  /**
   * Each open block's pairs in turn, round robin over both nodes' members with room left (kept
   * compact per node, with a cursor each). Blocks of single learners go first: they have the
   * fewest options.
   */
  fillGreedily(): void {
    const { nodes } = this.solution;
    const live = new Int32Array(this.learnerOf.length);
    const livePos = new Int32Array(this.learnerOf.length);
    const liveCount = new Int32Array(nodes.length);
    const cursor = new Int32Array(nodes.length);
    for (let k = 0; k < nodes.length; k++) {
      for (let u = this.nodeStart[k] as number; u < (this.nodeStart[k + 1] as number); u++) {
        if (this.need(u) === 0) continue;
        livePos[u] = liveCount[k] as number;
        live[(this.nodeStart[k] as number) + (liveCount[k] as number)] = u;
        liveCount[k] = (liveCount[k] as number) + 1;
      }
    }
    const at = (k: number, position: number) =>
      live[(this.nodeStart[k] as number) + position] as number;
    const retire = (u: number) => {
      const k = this.nodeOf[u] as number;
      const lastPos = (liveCount[k] as number) - 1;
      const last = at(k, lastPos);
      live[(this.nodeStart[k] as number) + (livePos[u] as number)] = last;
      livePos[last] = livePos[u] as number;
      liveCount[k] = lastPos;
    };
    const pairOnce = (from: number, to: number): boolean => {
      for (let tryB = 0; tryB < (liveCount[from] as number); tryB++) {
        const bPos = ((cursor[from] as number) + tryB) % (liveCount[from] as number);
        const u = at(from, bPos);
        const fCount = liveCount[to] as number;
        for (let tryF = 0; tryF < fCount; tryF++) {
          const fPos = ((cursor[to] as number) + tryF) % fCount;
          const v = at(to, fPos);
          if (!this.allowed(u, v) || this.paired(u, v)) continue;
          this.link(u, v);
          cursor[from] = bPos + 1;
          cursor[to] = fPos + 1;
          if (this.need(u) === 0) retire(u);
          if (this.need(v) === 0) retire(v);
          return true;
        }
      }
      return false;
    };
    const bothClasses = (block: ClassBlock) =>
      Number(!nodes[block.backend]?.single && !nodes[block.frontend]?.single);
    const order = this.solution.blocks
      .filter(
        (block) =>
          block.pairs > 0 && this.status[this.blockAt(block.backend, block.frontend)] === OPEN,
      )
      .sort(
        (x, y) =>
          bothClasses(x) - bothClasses(y) || x.backend - y.backend || x.frontend - y.frontend,
      );
    for (const block of order) {
      for (let t = 0; t < block.pairs; t++) if (!pairOnce(block.backend, block.frontend)) break;
    }
  }

  /** Serves backends still short by augmenting paths, until none is left or none can be found. */
  augmentAll(): void {
    let missing = 0;
    for (let u = 0; u < this.backendCount; u++) missing += this.need(u);
    if (missing === 0) return;
    const search = new PathSearch(this.learnerOf.length, this.solution.nodes.length);
    while (missing > 0 && this.augment(search)) missing--;
  }

  /**
   * One augmenting path, breadth first from every backend short of partners, over open blocks,
   * through existing pairs that are not locked; flips it and returns true, or false if none.
   */
  private augment(search: PathSearch): boolean {
    search.restart(this.nodeStart);
    for (let u = 0; u < this.backendCount; u++) if (this.need(u) > 0) search.visitBackend(u, -1);
    for (let u = search.nextBackend(); u !== -1; u = search.nextBackend()) {
      for (const target of this.targets[this.nodeOf[u] as number] as number[]) {
        let before = -1;
        for (let v = search.firstUnvisited(target); v !== -1; ) {
          const after = search.nextUnvisited(v);
          if (!this.allowed(u, v) || this.paired(u, v)) {
            before = v;
            v = after;
            continue;
          }
          search.visitFrontend(target, before, v, u);
          if (this.need(v) > 0) {
            this.flipPath(search, v);
            return true;
          }
          const end = (this.slotStart[v] as number) + (this.partnerCount[v] as number);
          for (let s = this.slotStart[v] as number; s < end; s++) {
            const w = this.partners[s] as number;
            if (!this.isLocked(w, v)) search.visitBackend(w, v);
          }
          v = after;
        }
      }
    }
    return false;
  }

  /** Along the path ending at frontend `end`: each backend drops the frontend that led to it and takes the next. */
  private flipPath(search: PathSearch, end: number): void {
    for (let f = end; ; ) {
      const b = search.reachedFrom(f);
      const given = search.reachedThrough(b);
      if (given !== -1) this.unlink(b, given);
      this.link(b, f);
      if (given === -1) return;
      f = given;
    }
  }

  result(): Realisation {
    const pairs: number[] = [];
    const short: number[] = [];
    for (let u = 0; u < this.learnerOf.length; u++) {
      if (this.need(u) > 0) short.push(this.learnerOf[u] as number);
      if (u >= this.backendCount) continue;
      const end = (this.slotStart[u] as number) + (this.partnerCount[u] as number);
      for (let s = this.slotStart[u] as number; s < end; s++)
        pairs.push(
          this.learnerOf[u] as number,
          this.learnerOf[this.partners[s] as number] as number,
        );
    }
    return { pairs, short };
  }
}
