/**
 * One project's round as a min-cost flow over classes of learners, a relaxation of the exact
 * learner-by-learner network.
 *
 * Two learners of a role are interchangeable as far as the objective can tell when they share a
 * UTC offset, a number of slots and whether they already have a partner: only their exceptions
 * (active pairs, which are forbidden, and recent pairs, which are repeats) tell them apart. So
 * every such class is one node, whose capacity is its members' slots, and a pair of classes is one
 * edge costed by their time-zone distance, with room for every distinct pair between them. The
 * exceptions are ignored there, except between learners singled out (`single`): each of them is a
 * node of its own, and an edge between two of them is exactly the learner-level edge (absent when
 * the pair is active, a repeat when it is recent).
 *
 * Ignoring exceptions only adds pairs and removes repeats, so the optimum of this network is at
 * least as good as the true optimum (a lower bound, in the objective's order); a set of real pairs
 * that achieves it is therefore optimal. With every learner singled out it IS the exact network.
 */

import { offsetDistanceMinutes } from '../timezone.js';
import type { MinCostFlow } from './min-cost-flow.js';
import type { RoundObjective } from './objective.js';
import { type Prepared, type ProjectInRound, pairKey } from './round-input.js';

/** A node of the project's network: a class of interchangeable learners, or one single learner. */
export interface ClassNode {
  isBackend: boolean;
  /** Learner indices in seeded order: who comes first for the class's pairs. */
  members: number[];
  single: boolean;
  /** New partners each member may take. */
  slots: number;
  /** New pairs the solution gives the node's members, all together. */
  pairs: number;
}

/** Two nodes that may be paired at the solution's prices (reduced cost zero or negative). */
export interface ClassBlock {
  /** Indices in `nodes`. */
  backend: number;
  frontend: number;
  /** Pairs the solution puts between them. */
  pairs: number;
  /**
   * The reduced cost is negative: the block must stay as full as the solution has it (at its
   * capacity). Otherwise it is zero, and any number of pairs costs the same at those prices.
   */
  full: boolean;
}

export interface ClassSolution {
  /** Backend nodes, then frontend nodes. */
  nodes: ClassNode[];
  /** Every pair of nodes of reduced cost zero or negative; no other pair may be used. */
  blocks: ClassBlock[];
  /** What the solution achieves, over the project's learners in the round: a lower bound. */
  bound: RoundObjective;
}

/** Splits one role's learners into class nodes (ordered by class) and single nodes (by rank). */
function nodesOf(
  prep: Prepared,
  learners: readonly number[],
  isBackend: boolean,
  partnersAvailable: number,
  rank: Uint32Array,
  single: Uint8Array,
): ClassNode[] {
  const slotsOf = (i: number) => Math.min(prep.residual[i] as number, partnersAvailable);
  const classes = new Map<number, ClassNode>();
  const singles: ClassNode[] = [];
  for (const i of learners) {
    if (single[i] === 1) {
      singles.push({ isBackend, members: [i], single: true, slots: slotsOf(i), pairs: 0 });
      continue;
    }
    // Offsets lie within a day either side of UTC, and slots within the other role's size.
    const key =
      ((prep.offset[i] as number) + 1440) * 2 * (partnersAvailable + 1) +
      slotsOf(i) * 2 +
      (prep.coveredBefore[i] as number);
    let node = classes.get(key);
    if (node === undefined) {
      node = { isBackend, members: [], single: false, slots: slotsOf(i), pairs: 0 };
      classes.set(key, node);
    }
    node.members.push(i);
  }
  const bySeed = (a: number, b: number) => (rank[a] as number) - (rank[b] as number) || a - b;
  const first = (node: ClassNode) => node.members[0] as number;
  // A class of one is a single learner already: counting their exceptions exactly costs nothing.
  const grouped: ClassNode[] = [];
  for (const node of classes.values()) {
    if (node.members.length === 1) singles.push({ ...node, single: true });
    else grouped.push(node);
  }
  for (const node of grouped) node.members.sort(bySeed);
  grouped.sort(
    (x, y) =>
      (prep.offset[first(x)] as number) - (prep.offset[first(y)] as number) ||
      x.slots - y.slots ||
      (prep.coveredBefore[first(x)] as number) - (prep.coveredBefore[first(y)] as number),
  );
  singles.sort((x, y) => bySeed(first(x), first(y)));
  return [...grouped, ...singles];
}

/**
 * Solves the project's class network. `rank` orders learners for the seeded choice between equal
 * rounds; `single` marks the learners to single out. `network` is reused between calls.
 */
export function solveClasses(
  prep: Prepared,
  project: ProjectInRound,
  rank: Uint32Array,
  single: Uint8Array,
  network: MinCostFlow,
): ClassSolution {
  const n = prep.learners.length;
  const backends = nodesOf(prep, project.backends, true, project.frontends.length, rank, single);
  const frontends = nodesOf(prep, project.frontends, false, project.backends.length, rank, single);
  const nodes = [...backends, ...frontends];
  const source = 0;
  const sink = 1;
  const vertex = (k: number) => 2 + k;
  network.reset(2 + nodes.length);

  // Capacity to or from a node, in two steps when its members have no partner yet: covering
  // each of them once is worth one learner covered each, further pairs nothing. The costs are
  // convex, so a cheapest flow takes the first step before the second.
  const coverSteps: number[] = [];
  nodes.forEach((node, k) => {
    const size = node.members.length;
    const [from, to] = node.isBackend ? [source, vertex(k)] : [vertex(k), sink];
    const uncovered = prep.coveredBefore[node.members[0] as number] === 0;
    if (uncovered) coverSteps.push(network.addEdge(from, to, size, -1, 0, 0));
    const rest = uncovered ? size * (node.slots - 1) : size * node.slots;
    if (rest > 0) network.addEdge(from, to, rest, 0, 0, 0);
  });

  const middle: {
    edge: number;
    backend: number;
    frontend: number;
    repeat: number;
    distance: number;
  }[] = [];
  for (let b = 0; b < backends.length; b++) {
    const backend = backends[b] as ClassNode;
    const bFirst = backend.members[0] as number;
    for (let f = backends.length; f < nodes.length; f++) {
      const frontend = nodes[f] as ClassNode;
      const fFirst = frontend.members[0] as number;
      const distance = offsetDistanceMinutes(
        prep.offset[bFirst] as number,
        prep.offset[fFirst] as number,
      );
      let repeat = 0;
      let capacity: number;
      if (backend.single && frontend.single) {
        const key = pairKey(bFirst, fFirst, n);
        if (prep.active.has(key)) continue;
        repeat = prep.recent.has(key) ? 1 : 0;
        capacity = 1;
      } else {
        const bSize = backend.members.length;
        const fSize = frontend.members.length;
        capacity = Math.min(bSize * fSize, bSize * backend.slots, fSize * frontend.slots);
      }
      const edge = network.addEdge(vertex(b), vertex(f), capacity, 0, repeat, distance);
      middle.push({ edge, backend: b, frontend: f, repeat, distance });
    }
  }

  const pairs = network.run(source, sink);
  network.settlePrices();

  const blocks: ClassBlock[] = [];
  let repeats = 0;
  let timezoneDistance = 0;
  for (const { edge, backend, frontend, repeat, distance } of middle) {
    const sign = network.reducedCostSign(edge);
    if (sign > 0) continue;
    const flow = network.flow(edge);
    blocks.push({ backend, frontend, pairs: flow, full: sign < 0 });
    (nodes[backend] as ClassNode).pairs += flow;
    (nodes[frontend] as ClassNode).pairs += flow;
    repeats += flow * repeat;
    timezoneDistance += flow * distance;
  }
  let covered = 0;
  for (const edge of coverSteps) covered += network.flow(edge);
  for (const i of project.backends) covered += prep.coveredBefore[i] as number;
  for (const i of project.frontends) covered += prep.coveredBefore[i] as number;
  return { nodes, blocks, bound: { pairs, covered, repeats, timezoneDistance } };
}
