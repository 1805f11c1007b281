/**
 * Min-cost max-flow with vector costs [coverage, repeats, distance], compared lexicographically.
 *
 * Primal-dual: node potentials π keep every residual edge's reduced cost c(u,v) + π(u) − π(v)
 * non-negative (Johnson's reweighting); the edges of reduced cost exactly zero then hold every
 * shortest augmenting path, and a blocking flow over them (Dinic) augments along all of those
 * paths at once. When none is left, Dijkstra on the reduced costs finds the next shortest
 * distances and π += distance keeps the reduced costs non-negative. The first potentials come
 * from a Bellman-Ford queue (SPFA), since coverage costs are negative.
 *
 * Why this is optimal: augmenting only along shortest paths keeps "the flow is cheapest among
 * flows of its value" (no negative residual cycle) from the zero flow on an acyclic network, and
 * the loop stops when no augmenting path is left: a maximum flow, cheapest among maximum flows.
 * Those proofs use only addition and a total order compatible with it, so they hold unchanged for
 * lexicographically ordered integer vectors: no scalar weights, so nothing can overflow or be
 * outweighed. Costs are whole numbers, so potentials are exact doubles and "exactly zero" is a
 * safe test.
 *
 * Cost: one Dijkstra, dense O(V²) (the networks are small or dense), per distinct shortest
 * distance, plus Dinic's blocking flows.
 */
export class MinCostFlow {
  private nodeCount = 0;
  private edgeCount = 0;
  private head = new Int32Array(16);
  private next = new Int32Array(32);
  private to = new Int32Array(32);
  private cap = new Float64Array(32);
  private c0 = new Float64Array(32);
  private c1 = new Float64Array(32);
  private c2 = new Float64Array(32);
  private d0 = new Float64Array(16);
  private d1 = new Float64Array(16);
  private d2 = new Float64Array(16);
  private p0 = new Float64Array(16);
  private p1 = new Float64Array(16);
  private p2 = new Float64Array(16);
  private mark = new Uint8Array(16);
  private queue = new Int32Array(16);
  private level = new Int32Array(16);
  private arc = new Int32Array(16);

  reset(nodes: number): void {
    if (nodes > this.head.length) {
      const size = Math.max(nodes, this.head.length * 2);
      this.head = new Int32Array(size);
      this.d0 = new Float64Array(size);
      this.d1 = new Float64Array(size);
      this.d2 = new Float64Array(size);
      this.p0 = new Float64Array(size);
      this.p1 = new Float64Array(size);
      this.p2 = new Float64Array(size);
      this.mark = new Uint8Array(size);
      this.queue = new Int32Array(size);
      this.level = new Int32Array(size);
      this.arc = new Int32Array(size);
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
    this.cap = grow(this.cap, new Float64Array(size));
    this.c0 = grow(this.c0, new Float64Array(size));
    this.c1 = grow(this.c1, new Float64Array(size));
    this.c2 = grow(this.c2, new Float64Array(size));
  }

  /** Adds `from → to` and its residual twin (index ^ 1); returns the forward edge's index. */
  addEdge(
    from: number,
    to: number,
    capacity: number,
    coverage: number,
    repeats: number,
    distance: number,
  ): number {
    if (this.edgeCount + 2 > this.to.length) this.growEdges();
    const e = this.edgeCount;
    this.edgeCount += 2;
    this.to[e] = to;
    this.cap[e] = capacity;
    this.c0[e] = coverage;
    this.c1[e] = repeats;
    this.c2[e] = distance;
    this.next[e] = this.head[from] as number;
    this.head[from] = e;
    this.to[e + 1] = from;
    this.cap[e + 1] = 0;
    this.c0[e + 1] = -coverage;
    this.c1[e + 1] = -repeats;
    this.c2[e + 1] = -distance;
    this.next[e + 1] = this.head[to] as number;
    this.head[to] = e + 1;
    return e;
  }

  /** Flow on the forward edge `e` (what its twin can send back). */
  flow(e: number): number {
    return this.cap[e ^ 1] as number;
  }

  /** Augments until no path is left; returns the flow value. */
  run(source: number, sink: number): number {
    this.initialPotentials(source);
    let flow = 0;
    do flow += this.blockingFlow(source, sink);
    while (this.dijkstra(source, sink));
    return flow;
  }

  /**
   * After `run`: prices (potentials) under which every residual edge has a non-negative reduced
   * cost, from shortest distances in the residual graph as if a virtual node reached every node at
   * zero cost (SPFA; the residual graph of a cheapest flow has no negative cycle). Hence, by
   * complementary slackness, an edge whose reduced cost is negative is full, one whose reduced
   * cost is positive is empty, and shifting flow between edges of zero reduced cost without
   * changing any node's throughput leaves the cost unchanged.
   */
  settlePrices(): void {
    const { d0, d1, d2, p0, p1, p2, mark, queue } = this;
    const n = this.nodeCount;
    d0.fill(0, 0, n);
    d1.fill(0, 0, n);
    d2.fill(0, 0, n);
    mark.fill(1, 0, n);
    for (let v = 0; v < n; v++) queue[v] = v;
    this.spfa(n);
    p0.set(d0.subarray(0, n));
    p1.set(d1.subarray(0, n));
    p2.set(d2.subarray(0, n));
  }

  /** The sign (-1, 0 or 1) of forward edge `e`'s reduced cost under the settled prices. */
  reducedCostSign(e: number): number {
    const u = this.to[e ^ 1] as number;
    const v = this.to[e] as number;
    const r0 = (this.c0[e] as number) + (this.p0[u] as number) - (this.p0[v] as number);
    if (r0 !== 0) return Math.sign(r0);
    const r1 = (this.c1[e] as number) + (this.p1[u] as number) - (this.p1[v] as number);
    if (r1 !== 0) return Math.sign(r1);
    return Math.sign((this.c2[e] as number) + (this.p2[u] as number) - (this.p2[v] as number));
  }

  /** Takes distance (n0, n1, n2) for `v` if it is lexicographically smaller; true if taken. */
  private relax(v: number, n0: number, n1: number, n2: number): boolean {
    const { d0, d1, d2 } = this;
    const v0 = d0[v] as number;
    if (n0 > v0) return false;
    if (n0 === v0) {
      const v1 = d1[v] as number;
      if (n1 > v1 || (n1 === v1 && n2 >= (d2[v] as number))) return false;
    }
    d0[v] = n0;
    d1[v] = n1;
    d2[v] = n2;
    return true;
  }

  /**
   * Bellman-Ford by queue (SPFA) from the first `queued` nodes of `queue`, marked as queued, until
   * no distance improves. A circular queue: a node is in it at most once, so n slots suffice.
   */
  private spfa(queued: number): void {
    const { head, next, to, cap, c0, c1, c2, d0, d1, d2, mark, queue } = this;
    const n = this.nodeCount;
    let qHead = 0;
    let qSize = queued;
    while (qSize > 0) {
      const u = queue[qHead] as number;
      qHead = qHead + 1 === n ? 0 : qHead + 1;
      qSize--;
      mark[u] = 0;
      const u0 = d0[u] as number;
      const u1 = d1[u] as number;
      const u2 = d2[u] as number;
      for (let e = head[u] as number; e !== -1; e = next[e] as number) {
        if ((cap[e] as number) <= 0) continue;
        const v = to[e] as number;
        const improved = this.relax(
          v,
          u0 + (c0[e] as number),
          u1 + (c1[e] as number),
          u2 + (c2[e] as number),
        );
        if (improved && mark[v] === 0) {
          mark[v] = 1;
          let tail = qHead + qSize;
          if (tail >= n) tail -= n;
          queue[tail] = v;
          qSize++;
        }
      }
    }
  }

  private startDistances(source: number): void {
    const n = this.nodeCount;
    this.d0.fill(Number.POSITIVE_INFINITY, 0, n);
    this.d0[source] = 0;
    this.d1[source] = 0;
    this.d2[source] = 0;
  }

  /** Potentials = shortest distances from `source` by SPFA (0 where unreachable: never reached later). */
  private initialPotentials(source: number): void {
    const { d0, d1, d2, p0, p1, p2, mark, queue } = this;
    const n = this.nodeCount;
    this.startDistances(source);
    mark.fill(0, 0, n);
    queue[0] = source;
    mark[source] = 1;
    this.spfa(1);
    for (let v = 0; v < n; v++) {
      const reached = (d0[v] as number) !== Number.POSITIVE_INFINITY;
      p0[v] = reached ? (d0[v] as number) : 0;
      p1[v] = reached ? (d1[v] as number) : 0;
      p2[v] = reached ? (d2[v] as number) : 0;
    }
  }

  /**
   * Next shortest distances by Dijkstra on reduced costs, then π += distance; false when the sink
   * is unreachable, i.e. the flow is maximum.
   */
  private dijkstra(source: number, sink: number): boolean {
    const { head, next, to, cap, c0, c1, c2, d0, d1, d2, p0, p1, p2 } = this;
    const done = this.mark;
    const n = this.nodeCount;
    this.startDistances(source);
    done.fill(0, 0, n);
    for (;;) {
      let u = -1;
      let u0 = Number.POSITIVE_INFINITY;
      let u1 = 0;
      let u2 = 0;
      for (let v = 0; v < n; v++) {
        if (done[v] === 1) continue;
        const v0 = d0[v] as number;
        if (v0 > u0) continue;
        const v1 = d1[v] as number;
        const v2 = d2[v] as number;
        if (v0 === u0 && (u === -1 || v1 > u1 || (v1 === u1 && v2 >= u2))) continue;
        u = v;
        u0 = v0;
        u1 = v1;
        u2 = v2;
      }
      if (u === -1) break;
      done[u] = 1;
      // Distances from here on are relative to the potentials.
      const b0 = u0 + (p0[u] as number);
      const b1 = u1 + (p1[u] as number);
      const b2 = u2 + (p2[u] as number);
      for (let e = head[u] as number; e !== -1; e = next[e] as number) {
        if ((cap[e] as number) <= 0) continue;
        const v = to[e] as number;
        if (done[v] === 1) continue;
        this.relax(
          v,
          b0 + (c0[e] as number) - (p0[v] as number),
          b1 + (c1[e] as number) - (p1[v] as number),
          b2 + (c2[e] as number) - (p2[v] as number),
        );
      }
    }
    if (done[sink] === 0) return false;
    // A node left unreached stays unreachable for good (augmenting only adds residual edges
    // between reached nodes), so its potential no longer matters.
    for (let v = 0; v < n; v++) {
      if (done[v] === 0) continue;
      p0[v] = (p0[v] as number) + (d0[v] as number);
      p1[v] = (p1[v] as number) + (d1[v] as number);
      p2[v] = (p2[v] as number) + (d2[v] as number);
    }
    return true;
  }

  /** Whether residual edge `e` out of `u` has reduced cost exactly zero: it lies on a shortest path. */
  private admissible(u: number, e: number): boolean {
    const v = this.to[e] as number;
    return (
      (this.cap[e] as number) > 0 &&
      (this.c2[e] as number) + (this.p2[u] as number) - (this.p2[v] as number) === 0 &&
      (this.c1[e] as number) + (this.p1[u] as number) - (this.p1[v] as number) === 0 &&
      (this.c0[e] as number) + (this.p0[u] as number) - (this.p0[v] as number) === 0
    );
  }

  /** Dinic over the admissible edges: augments along every shortest path; returns the amount. */
  private blockingFlow(source: number, sink: number): number {
    let total = 0;
    while (this.levels(source, sink)) {
      this.arc.set(this.head.subarray(0, this.nodeCount));
      for (let pushed = this.augment(source, sink); pushed > 0; pushed = this.augment(source, sink))
        total += pushed;
    }
    return total;
  }

  /** Breadth-first levels over admissible edges; true if the sink is reached. */
  private levels(source: number, sink: number): boolean {
    const { head, next, to, level, queue } = this;
    level.fill(-1, 0, this.nodeCount);
    level[source] = 0;
    queue[0] = source;
    let qHead = 0;
    let qTail = 1;
    while (qHead < qTail) {
      const u = queue[qHead++] as number;
      for (let e = head[u] as number; e !== -1; e = next[e] as number) {
        const v = to[e] as number;
        if ((level[v] as number) >= 0 || !this.admissible(u, e)) continue;
        level[v] = (level[u] as number) + 1;
        queue[qTail++] = v;
      }
    }
    return (level[sink] as number) >= 0;
  }

  /**
   * One source→sink path along increasing levels, found depth first with Dinic's current-arc
   * pointers (dead ends are skipped for the rest of the phase); pushes its bottleneck and returns
   * it, or 0 when no path is left. The path's edges are kept in `queue`.
   */
  private augment(source: number, sink: number): number {
    const { next, to, cap, level, arc } = this;
    const path = this.queue;
    let depth = 0;
    let u = source;
    for (;;) {
      if (u === sink) {
        let push = Number.POSITIVE_INFINITY;
        for (let k = 0; k < depth; k++) push = Math.min(push, cap[path[k] as number] as number);
        for (let k = 0; k < depth; k++) {
          const e = path[k] as number;
          cap[e] = (cap[e] as number) - push;
          cap[e ^ 1] = (cap[e ^ 1] as number) + push;
        }
        return push;
      }
      let e = arc[u] as number;
      const nextLevel = (level[u] as number) + 1;
      while (e !== -1 && (level[to[e] as number] !== nextLevel || !this.admissible(u, e)))
        e = next[e] as number;
      arc[u] = e;
      if (e !== -1) {
        path[depth++] = e;
        u = to[e] as number;
        continue;
      }
      // Dead end: drop `u` for this phase and step back past the edge that led here.
      if (depth === 0) return 0;
      level[u] = -1;
      const back = path[--depth] as number;
      u = to[back ^ 1] as number;
      arc[u] = next[back] as number;
    }
  }
}
