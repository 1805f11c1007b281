/**
 * The weekly pairing round: proposes NEW backend/frontend pairs inside each project.
 *
 * Pure: no I/O, no clock (`now` is an input), no Math.random (`seed` is an input). The same input
 * and seed give an identical result, pair order included, whatever the order of the input arrays.
 *
 * Rules
 * - A new pair joins a backend and a frontend learner of the same project, is not already active,
 *   and appears once.
 * - Nobody ends up with more than `maxPartners` partners, counting active ones; a learner whose
 *   active pairs already reach the maximum gets nothing.
 * - Only learners in `input.learners` count. An active pair counts (for capacity, coverage and
 *   "already active") only when BOTH its learners are in `input.learners`: a pair with a paused
 *   learner is ignored entirely, so it frees a slot for the other learner.
 * - Learner ids must be unique (a RangeError otherwise).
 *
 * Objective, lexicographic: (1) most new pairs; (2) most learners with at least one partner after
 * the round (`covered`); (3) fewest new pairs also formed within the last 4 weeks according to
 * `history` (`repeats`: `now - formedAt <= 28 days`, so a future date counts as recent too);
 * (4) least total timezone distance, in minutes at `now`, over new pairs (a zone the runtime does
 * not know is treated as UTC); (5) a seeded hash of the pair, so equally good solutions are chosen
 * between by `seed`.
 */

import { isKnownTimeZone, offsetDistanceMinutes, utcOffsetMinutes } from '../timezone.js';

export interface RoundLearner {
  id: string;
  project: string;
  role: 'backend' | 'frontend';
  maxPartners: number;
  timezone: string;
}
export interface PairRef {
  backendId: string;
  frontendId: string;
}
export interface PastPair extends PairRef {
  formedAt: Date;
}
export interface RoundInput {
  learners: RoundLearner[];
  activePairs: PairRef[];
  history: PastPair[];
  now: Date;
  seed: number;
}
export interface RoundObjective {
  /** New pairs formed this round. */
  pairs: number;
  /** Learners (of `learners`) with at least one partner after the round, active or new. */
  covered: number;
  /** New pairs that were already formed within the last 4 weeks. */
  repeats: number;
  /** Sum over new pairs of the timezone distance in minutes at `now`. */
  timezoneDistance: number;
}
export interface RoundResult {
  /** Sorted by backendId, then frontendId. */
  pairs: PairRef[];
  /** Ids of learners (of `learners`) with no partner at all after the round, sorted. */
  unmatched: string[];
  objective: RoundObjective;
}

/** A pair formed at most this long before `now` counts as a repeat. */
export const REPEAT_WINDOW_MS = 28 * 24 * 60 * 60 * 1000;

/** Code-unit order, not localeCompare: the result must not depend on the machine's locale. */
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** <0 when `a` is the better round, >0 when `b` is, 0 when they are equally good. */
export function compareObjectives(a: RoundObjective, b: RoundObjective): number {
  return (
    b.pairs - a.pairs ||
    b.covered - a.covered ||
    a.repeats - b.repeats ||
    a.timezoneDistance - b.timezoneDistance
  );
}

// ---------------------------------------------------------------------------------------------
// Preparation shared by the round, the greedy baseline and the evaluator.

interface Project {
  backends: number[];
  frontends: number[];
}

interface Prepared {
  /** Sorted by id; every other structure refers to learners by their index here. */
  learners: RoundLearner[];
  index: Map<string, number>;
  /** Known active pairs, as unordered index keys. */
  active: Set<number>;
  /** Pairs formed within the repeat window, as unordered index keys. */
  recent: Set<number>;
  /** Slots left for new partners. */
  residual: Int32Array;
  /** 1 when the learner already has an active partner. */
  coveredBefore: Uint8Array;
  /** UTC offset in minutes at `now`. */
  offset: Float64Array;
  /** Sorted by project name. */
  projects: Project[];
}

function pairKey(i: number, j: number, n: number): number {
  return i < j ? i * n + j : j * n + i;
}

function prepare(input: RoundInput): Prepared {
  const now = input.now.getTime();
  if (Number.isNaN(now)) throw new RangeError('planRound: `now` is not a valid date');
  const learners = [...input.learners].sort((a, b) => byCodeUnit(a.id, b.id));
  const n = learners.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = (learners[i] as RoundLearner).id;
    if (index.has(id)) throw new RangeError(`planRound: duplicate learner id ${id}`);
    index.set(id, i);
  }

  const active = new Set<number>();
  const activeCount = new Int32Array(n);
  for (const pair of input.activePairs) {
    const i = index.get(pair.backendId);
    const j = index.get(pair.frontendId);
    if (i === undefined || j === undefined || i === j) continue;
    const key = pairKey(i, j, n);
    if (active.has(key)) continue;
    active.add(key);
    activeCount[i] = (activeCount[i] as number) + 1;
    activeCount[j] = (activeCount[j] as number) + 1;
  }

  const recent = new Set<number>();
  for (const past of input.history) {
    const i = index.get(past.backendId);
    const j = index.get(past.frontendId);
    if (i === undefined || j === undefined || i === j) continue;
    if (now - past.formedAt.getTime() <= REPEAT_WINDOW_MS) recent.add(pairKey(i, j, n));
  }

  const residual = new Int32Array(n);
  const coveredBefore = new Uint8Array(n);
  const offset = new Float64Array(n);
  const zoneOffsets = new Map<string, number>();
  const projectsByName = new Map<string, Project>();
  for (let i = 0; i < n; i++) {
    const learner = learners[i] as RoundLearner;
    const max = Number.isFinite(learner.maxPartners) ? Math.floor(learner.maxPartners) : 0;
    residual[i] = Math.max(0, max - (activeCount[i] as number));
    coveredBefore[i] = (activeCount[i] as number) > 0 ? 1 : 0;
    let zoneOffset = zoneOffsets.get(learner.timezone);
    if (zoneOffset === undefined) {
      zoneOffset = isKnownTimeZone(learner.timezone)
        ? utcOffsetMinutes(learner.timezone, input.now)
        : 0;
      zoneOffsets.set(learner.timezone, zoneOffset);
    }
    offset[i] = zoneOffset;
    let project = projectsByName.get(learner.project);
    if (project === undefined) {
      project = { backends: [], frontends: [] };
      projectsByName.set(learner.project, project);
    }
    if (learner.role === 'backend') project.backends.push(i);
    else if (learner.role === 'frontend') project.frontends.push(i);
  }
  const projects = [...projectsByName.keys()]
    .sort(byCodeUnit)
    .map((name) => projectsByName.get(name) as Project);

  return { learners, index, active, recent, residual, coveredBefore, offset, projects };
}

/** Pairs `[b0, f0, b1, f1, ...]` (indices) a round may propose in this project, b-major order. */
function allowedEdges(prep: Prepared, project: Project): number[] {
  const { residual, active } = prep;
  const n = prep.learners.length;
  const edges: number[] = [];
  for (const b of project.backends) {
    if ((residual[b] as number) <= 0) continue;
    for (const f of project.frontends) {
      if ((residual[f] as number) <= 0 || active.has(pairKey(b, f, n))) continue;
      edges.push(b, f);
    }
  }
  return edges;
}

function objectiveOf(prep: Prepared, pairs: readonly number[]): RoundObjective {
  const n = prep.learners.length;
  const partnered = Uint8Array.from(prep.coveredBefore);
  let repeats = 0;
  let timezoneDistance = 0;
  for (let k = 0; k < pairs.length; k += 2) {
    const b = pairs[k] as number;
    const f = pairs[k + 1] as number;
    partnered[b] = 1;
    partnered[f] = 1;
    if (prep.recent.has(pairKey(b, f, n))) repeats++;
    timezoneDistance += offsetDistanceMinutes(prep.offset[b] as number, prep.offset[f] as number);
  }
  let covered = 0;
  for (let i = 0; i < n; i++) covered += partnered[i] as number;
  return { pairs: pairs.length / 2, covered, repeats, timezoneDistance };
}

function resultOf(prep: Prepared, pairs: number[]): RoundResult {
  // Pairs as index tuples; indices follow id order, so sorting them sorts by id.
  const order: number[] = [];
  for (let k = 0; k < pairs.length; k += 2) order.push(k);
  order.sort(
    (x, y) =>
      (pairs[x] as number) - (pairs[y] as number) ||
      (pairs[x + 1] as number) - (pairs[y + 1] as number),
  );
  const partnered = Uint8Array.from(prep.coveredBefore);
  const refs: PairRef[] = [];
  for (const k of order) {
    const b = pairs[k] as number;
    const f = pairs[k + 1] as number;
    partnered[b] = 1;
    partnered[f] = 1;
    refs.push({
      backendId: (prep.learners[b] as RoundLearner).id,
      frontendId: (prep.learners[f] as RoundLearner).id,
    });
  }
  const unmatched: string[] = [];
  for (let i = 0; i < prep.learners.length; i++)
    if (partnered[i] === 0) unmatched.push((prep.learners[i] as RoundLearner).id);
  return { pairs: refs, unmatched, objective: objectiveOf(prep, pairs) };
}

// ---------------------------------------------------------------------------------------------
// Seeded tie-break: a 24-bit hash of (seed, backend, frontend). 24 bits keeps every path cost an
// exact double for any realistic project size (2^53 / 2^24 = 2^29 edges on a path).

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  return h >>> 0;
}

function fmix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function seedHash(seed: number): number {
  const whole = Number.isFinite(seed) ? Math.trunc(seed) : 0;
  const high = Math.floor(whole / 2 ** 32);
  return fmix32((whole >>> 0) ^ fmix32(high ^ 0x9e3779b9));
}

function tieBreak(seed: number, backendHash: number, frontendHash: number): number {
  return fmix32(fmix32(seed ^ backendHash) + frontendHash) >>> 8;
}

// ---------------------------------------------------------------------------------------------
// Min-cost max-flow with vector costs [coverage, repeats, timezone, tie], compared
// lexicographically. Successive shortest paths: the first path by SPFA (a Bellman-Ford queue,
// since coverage costs are negative), whose distances become node potentials; every later path by
// Dijkstra on the reduced costs, which the potentials keep non-negative (Johnson's reweighting).
//
// Why this is optimal. Within a project the network is
//   source → backend b: capacity residual(b), split into unit-cost steps: if b has no active
//            partner, one unit costs [-1,0,0,0] (it newly covers b), the rest [0,0,0,0];
//   b → f:   capacity 1 per allowed pair, cost [0, repeat ? 1 : 0, tz distance, seeded tie];
//   frontend f → sink: like the source side.
// An integral flow is exactly a valid set of new pairs (the unit b→f edges make pairs distinct,
// the source/sink capacities enforce maxPartners minus active pairs), its value is the number of
// pairs, and the cost of the cheapest flow realising that set of pairs is
// [-newly covered, repeats, tz, tie]: the side costs are convex (the -1 step comes first), so a
// min-cost flow never routes through a 0 step of a learner while the learner's -1 step is unused.
// Successive shortest paths keeps the invariant "the current flow is cheapest among flows of its
// value" (no negative residual cycle), starting from the zero flow on this acyclic network, and
// stops when no augmenting path is left, so it ends with a maximum flow that is cheapest among
// maximum flows: most pairs, then most covered, then fewest repeats, then least distance, then the
// seeded tie-break. Those proofs use only addition and a total order compatible with it, so they
// hold unchanged for lexicographically ordered integer vectors; no scalar weights are needed, so
// nothing can overflow or be outweighed however big a project is. Projects share no learner, and
// the lexicographic order is compatible with addition, so per-project optima sum to the global one.
//
// Cost: one shortest-path search per new pair, O(V² + E) each, so O(pairs · (V² + E)) per
// project: negligible at ~10 learners a project, but cubic in the size of one project.

class MinCostFlow {
  nodeCount = 0;
  edgeCount = 0;
  head = new Int32Array(16);
  next = new Int32Array(32);
  to = new Int32Array(32);
  cap = new Int32Array(32);
  c0 = new Float64Array(32);
  c1 = new Float64Array(32);
  c2 = new Float64Array(32);
  c3 = new Float64Array(32);
  d0 = new Float64Array(16);
  d1 = new Float64Array(16);
  d2 = new Float64Array(16);
  d3 = new Float64Array(16);
  p0 = new Float64Array(16);
  p1 = new Float64Array(16);
  p2 = new Float64Array(16);
  p3 = new Float64Array(16);
  prev = new Int32Array(16);
  inQueue = new Uint8Array(16);
  queue = new Int32Array(16);

  reset(nodes: number): void {
    if (nodes > this.head.length) {
      const size = Math.max(nodes, this.head.length * 2);
      this.head = new Int32Array(size);
      this.d0 = new Float64Array(size);
      this.d1 = new Float64Array(size);
      this.d2 = new Float64Array(size);
      this.d3 = new Float64Array(size);
      this.p0 = new Float64Array(size);
      this.p1 = new Float64Array(size);
      this.p2 = new Float64Array(size);
      this.p3 = new Float64Array(size);
      this.prev = new Int32Array(size);
      this.inQueue = new Uint8Array(size);
      this.queue = new Int32Array(size);
    }
    this.nodeCount = nodes;
    this.edgeCount = 0;
    this.head.fill(-1, 0, nodes);
  }

  private growEdges(): void {
    const size = this.to.length * 2;
    const grow = <T extends Int32Array | Float64Array>(old: T, fresh: T): T => {
      fresh.set(old);
      return fresh;
    };
    this.next = grow(this.next, new Int32Array(size));
    this.to = grow(this.to, new Int32Array(size));
    this.cap = grow(this.cap, new Int32Array(size));
    this.c0 = grow(this.c0, new Float64Array(size));
    this.c1 = grow(this.c1, new Float64Array(size));
    this.c2 = grow(this.c2, new Float64Array(size));
    this.c3 = grow(this.c3, new Float64Array(size));
  }

  /** Adds `from → to` and its residual twin (index ^ 1); returns the forward edge's index. */
  addEdge(
    from: number,
    to: number,
    capacity: number,
    k0: number,
    k1: number,
    k2: number,
    k3: number,
  ): number {
    if (this.edgeCount + 2 > this.to.length) this.growEdges();
    const e = this.edgeCount;
    this.edgeCount += 2;
    this.to[e] = to;
    this.cap[e] = capacity;
    this.c0[e] = k0;
    this.c1[e] = k1;
    this.c2[e] = k2;
    this.c3[e] = k3;
    this.next[e] = this.head[from] as number;
    this.head[from] = e;
    this.to[e + 1] = from;
    this.cap[e + 1] = 0;
    this.c0[e + 1] = -k0;
    this.c1[e + 1] = -k1;
    this.c2[e + 1] = -k2;
    this.c3[e + 1] = -k3;
    this.next[e + 1] = this.head[to] as number;
    this.head[to] = e + 1;
    return e;
  }

  /** Takes the path through edge `e` to `v` if its cost vector is lexicographically smaller. */
  private relax(v: number, e: number, n0: number, n1: number, n2: number, n3: number): boolean {
    const { d0, d1, d2, d3, prev } = this;
    const v0 = d0[v] as number;
    if (n0 > v0) return false;
    if (n0 === v0) {
      const v1 = d1[v] as number;
      if (n1 > v1) return false;
      if (n1 === v1) {
        const v2 = d2[v] as number;
        if (n2 > v2 || (n2 === v2 && n3 >= (d3[v] as number))) return false;
      }
    }
    d0[v] = n0;
    d1[v] = n1;
    d2[v] = n2;
    d3[v] = n3;
    prev[v] = e;
    return true;
  }

  /** Lexicographically shortest source→sink path in the residual graph (SPFA); false if none. */
  private shortestPath(source: number, sink: number): boolean {
    const { head, next, to, cap, c0, c1, c2, c3, d0, d1, d2, d3, prev, inQueue, queue } = this;
    const n = this.nodeCount;
    d0.fill(Number.POSITIVE_INFINITY, 0, n);
    prev.fill(-1, 0, n);
    inQueue.fill(0, 0, n);
    d0[source] = 0;
    d1[source] = 0;
    d2[source] = 0;
    d3[source] = 0;
    // Circular queue: a node is in it at most once, so n slots suffice.
    let qHead = 0;
    let qSize = 1;
    queue[0] = source;
    inQueue[source] = 1;
    while (qSize > 0) {
      const u = queue[qHead] as number;
      qHead = qHead + 1 === n ? 0 : qHead + 1;
      qSize--;
      inQueue[u] = 0;
      const u0 = d0[u] as number;
      const u1 = d1[u] as number;
      const u2 = d2[u] as number;
      const u3 = d3[u] as number;
      for (let e = head[u] as number; e !== -1; e = next[e] as number) {
        if ((cap[e] as number) <= 0) continue;
        const v = to[e] as number;
        const improved = this.relax(
          v,
          e,
          u0 + (c0[e] as number),
          u1 + (c1[e] as number),
          u2 + (c2[e] as number),
          u3 + (c3[e] as number),
        );
        if (improved && inQueue[v] === 0) {
          inQueue[v] = 1;
          let tail = qHead + qSize;
          if (tail >= n) tail -= n;
          queue[tail] = v;
          qSize++;
        }
      }
    }
    return (prev[sink] as number) !== -1;
  }

  /**
   * Lexicographically shortest source→sink path by Dijkstra on reduced costs
   * c(u,v) + π(u) − π(v), which are ≥ 0 on every residual edge between reachable nodes; then
   * π += distance, which keeps them so. Dense O(V²) selection: project graphs are small and dense.
   */
  private dijkstra(source: number, sink: number): boolean {
    const { head, next, to, cap, c0, c1, c2, c3, d0, d1, d2, d3, p0, p1, p2, p3, prev } = this;
    const done = this.inQueue;
    const n = this.nodeCount;
    d0.fill(Number.POSITIVE_INFINITY, 0, n);
    prev.fill(-1, 0, n);
    done.fill(0, 0, n);
    d0[source] = 0;
    d1[source] = 0;
    d2[source] = 0;
    d3[source] = 0;
    for (;;) {
      let u = -1;
      let u0 = Number.POSITIVE_INFINITY;
      let u1 = 0;
      let u2 = 0;
      let u3 = 0;
      for (let v = 0; v < n; v++) {
        if (done[v] === 1) continue;
        const v0 = d0[v] as number;
        if (v0 > u0) continue;
        const v1 = d1[v] as number;
        const v2 = d2[v] as number;
        const v3 = d3[v] as number;
        if (v0 === u0) {
          if (u === -1 || v1 > u1) continue;
          if (v1 === u1 && (v2 > u2 || (v2 === u2 && v3 >= u3))) continue;
        }
        u = v;
        u0 = v0;
        u1 = v1;
        u2 = v2;
        u3 = v3;
      }
      if (u === -1) break;
      done[u] = 1;
      // Distances from here on are relative to the potentials.
      const b0 = u0 + (p0[u] as number);
      const b1 = u1 + (p1[u] as number);
      const b2 = u2 + (p2[u] as number);
      const b3 = u3 + (p3[u] as number);
      for (let e = head[u] as number; e !== -1; e = next[e] as number) {
        if ((cap[e] as number) <= 0) continue;
        const v = to[e] as number;
        if (done[v] === 1) continue;
        this.relax(
          v,
          e,
          b0 + (c0[e] as number) - (p0[v] as number),
          b1 + (c1[e] as number) - (p1[v] as number),
          b2 + (c2[e] as number) - (p2[v] as number),
          b3 + (c3[e] as number) - (p3[v] as number),
        );
      }
    }
    if ((prev[sink] as number) === -1) return false;
    // A node left unreached stays unreachable for good (augmenting only adds residual edges
    // between reached nodes), so its potential no longer matters.
    for (let v = 0; v < n; v++) {
      if (done[v] === 0) continue;
      p0[v] = (p0[v] as number) + (d0[v] as number);
      p1[v] = (p1[v] as number) + (d1[v] as number);
      p2[v] = (p2[v] as number) + (d2[v] as number);
      p3[v] = (p3[v] as number) + (d3[v] as number);
    }
    return true;
  }

  /** Pushes as much as the path found last allows; returns the amount. */
  private augment(source: number, sink: number): number {
    const { to, cap, prev } = this;
    let push = Number.POSITIVE_INFINITY;
    for (let v = sink; v !== source; ) {
      const e = prev[v] as number;
      push = Math.min(push, cap[e] as number);
      v = to[e ^ 1] as number;
    }
    for (let v = sink; v !== source; ) {
      const e = prev[v] as number;
      cap[e] = (cap[e] as number) - push;
      cap[e ^ 1] = (cap[e ^ 1] as number) + push;
      v = to[e ^ 1] as number;
    }
    return push;
  }

  /**
   * Augments along shortest paths until none is left; returns the flow value. The first path
   * comes from SPFA (costs may be negative), whose distances become the potentials; the rest from
   * Dijkstra on reduced costs.
   */
  run(source: number, sink: number): number {
    if (!this.shortestPath(source, sink)) return 0;
    const { d0, d1, d2, d3, p0, p1, p2, p3 } = this;
    for (let v = 0; v < this.nodeCount; v++) {
      // Unreachable nodes (infinite distance) are never reached later either; zero is as good.
      const reached = (d0[v] as number) !== Number.POSITIVE_INFINITY;
      p0[v] = reached ? (d0[v] as number) : 0;
      p1[v] = reached ? (d1[v] as number) : 0;
      p2[v] = reached ? (d2[v] as number) : 0;
      p3[v] = reached ? (d3[v] as number) : 0;
    }
    let flow = this.augment(source, sink);
    while (this.dijkstra(source, sink)) flow += this.augment(source, sink);
    return flow;
  }
}

// ---------------------------------------------------------------------------------------------

/** The optimal round (see the objective above), solved per project by min-cost max-flow. */
/** Projects with more learners in the running than this are paired greedily (see planRound). */
export const maxExactProjectSize = 200;

export function planRound(input: RoundInput): RoundResult {
  const prep = prepare(input);
  const { learners, residual, coveredBefore, recent, offset } = prep;
  const n = learners.length;
  const seed = seedHash(input.seed);
  const idHash = new Uint32Array(n);
  for (let i = 0; i < n; i++) idHash[i] = hashString((learners[i] as RoundLearner).id);

  const network = new MinCostFlow();
  const node = new Int32Array(n).fill(-1);
  const degree = new Int32Array(n);
  const chosen: number[] = [];
  const source = 0;
  const sink = 1;
  for (const project of prep.projects) {
    const edges = allowedEdges(prep, project);
    if (edges.length === 0) continue;

    // Nodes only for learners with at least one allowed pair.
    const members: number[] = [];
    for (let k = 0; k < edges.length; k++) {
      const i = edges[k] as number;
      if (degree[i] === 0) members.push(i);
      degree[i] = (degree[i] as number) + 1;
    }
    if (members.length > maxExactProjectSize) {
      // The exact solver grows with the cube of a project's size; a huge project gets the greedy
      // pairing rather than blocking the bot for seconds.
      chosen.push(...greedyPairs(prep, edges, Int32Array.from(residual)));
      for (const i of members) degree[i] = 0;
      continue;
    }
    network.reset(2 + members.length);
    for (let m = 0; m < members.length; m++) {
      const i = members[m] as number;
      node[i] = 2 + m;
      // More slots than allowed pairs are useless; trimming keeps capacities small.
      const slots = Math.min(residual[i] as number, degree[i] as number);
      const isBackend = (learners[i] as RoundLearner).role === 'backend';
      const [from, to] = isBackend ? [source, 2 + m] : [2 + m, sink];
      if (coveredBefore[i] === 0) {
        network.addEdge(from, to, 1, -1, 0, 0, 0);
        if (slots > 1) network.addEdge(from, to, slots - 1, 0, 0, 0, 0);
      } else {
        network.addEdge(from, to, slots, 0, 0, 0, 0);
      }
    }
    const middle: number[] = [];
    for (let k = 0; k < edges.length; k += 2) {
      const b = edges[k] as number;
      const f = edges[k + 1] as number;
      middle.push(
        network.addEdge(
          node[b] as number,
          node[f] as number,
          1,
          0,
          recent.has(pairKey(b, f, n)) ? 1 : 0,
          offsetDistanceMinutes(offset[b] as number, offset[f] as number),
          tieBreak(seed, idHash[b] as number, idHash[f] as number),
        ),
      );
    }

    network.run(source, sink);

    for (let k = 0; k < middle.length; k++) {
      if (network.cap[middle[k] as number] === 0)
        chosen.push(edges[2 * k] as number, edges[2 * k + 1] as number);
    }
    for (const i of members) {
      degree[i] = 0;
      node[i] = -1;
    }
  }
  return resultOf(prep, chosen);
}

/**
 * Baseline: per project, allowed pairs sorted by timezone distance (ties by backend id, then
 * frontend id), each taken while both learners still have a free slot. Ignores coverage, repeats
 * and the seed.
 */
/**
 * The baseline: a project's allowed pairs by timezone distance (ties by ids), each taken while
 * both learners have room. `left` is each learner's remaining capacity, updated in place.
 */
function greedyPairs(prep: Prepared, edges: readonly number[], left: Int32Array): number[] {
  const order: number[] = [];
  const distance: number[] = [];
  for (let k = 0; k < edges.length; k += 2) {
    order.push(k);
    distance.push(
      offsetDistanceMinutes(
        prep.offset[edges[k] as number] as number,
        prep.offset[edges[k + 1] as number] as number,
      ),
    );
  }
  // Indices follow id order, so comparing indices compares ids.
  order.sort(
    (x, y) =>
      (distance[x / 2] as number) - (distance[y / 2] as number) ||
      (edges[x] as number) - (edges[y] as number) ||
      (edges[x + 1] as number) - (edges[y + 1] as number),
  );
  const chosen: number[] = [];
  for (const k of order) {
    const b = edges[k] as number;
    const f = edges[k + 1] as number;
    if ((left[b] as number) > 0 && (left[f] as number) > 0) {
      left[b] = (left[b] as number) - 1;
      left[f] = (left[f] as number) - 1;
      chosen.push(b, f);
    }
  }
  return chosen;
}

export function greedyRound(input: RoundInput): RoundResult {
  const prep = prepare(input);
  const left = Int32Array.from(prep.residual);
  const chosen: number[] = [];
  for (const project of prep.projects)
    chosen.push(...greedyPairs(prep, allowedEdges(prep, project), left));
  return resultOf(prep, chosen);
}

/**
 * The objective of proposing `pairs` as this round's new pairs. Does not check the rules: a pair
 * with an unknown learner still counts as a pair (with distance 0, never a repeat) but covers only
 * its known learner.
 */
export function evaluateRound(input: RoundInput, pairs: PairRef[]): RoundObjective {
  const prep = prepare(input);
  const n = prep.learners.length;
  const partnered = Uint8Array.from(prep.coveredBefore);
  let repeats = 0;
  let timezoneDistance = 0;
  for (const pair of pairs) {
    const b = prep.index.get(pair.backendId);
    const f = prep.index.get(pair.frontendId);
    if (b !== undefined) partnered[b] = 1;
    if (f !== undefined) partnered[f] = 1;
    if (b === undefined || f === undefined) continue;
    if (prep.recent.has(pairKey(b, f, n))) repeats++;
    timezoneDistance += offsetDistanceMinutes(prep.offset[b] as number, prep.offset[f] as number);
  }
  let covered = 0;
  for (let i = 0; i < n; i++) covered += partnered[i] as number;
  return { pairs: pairs.length, covered, repeats, timezoneDistance };
}
