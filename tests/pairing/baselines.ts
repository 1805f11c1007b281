/**
 * What planRound is measured against, in tests and in bench/: the plain exact solver (one node per
 * learner and one edge per allowed pair, so cubic in a project's size, with no size cap) and the
 * greedy pairing (nearest time zones first, ignoring coverage and repeats). Both report through
 * the product's own preparation and objective.
 */

import { MinCostFlow } from '../../src/pairing/min-cost-flow.js';
import { type RoundResult, resultOf } from '../../src/pairing/objective.js';
import {
  type Prepared,
  type ProjectInRound,
  pairKey,
  prepare,
  type RoundInput,
} from '../../src/pairing/round-input.js';
import { offsetDistanceMinutes } from '../../src/timezone.js';

/** Pairs `[b0, f0, b1, f1, ...]` (indices) a round may propose in this project, b-major order. */
function allowedEdges(prep: Prepared, project: ProjectInRound): number[] {
  const n = prep.learners.length;
  const edges: number[] = [];
  for (const b of project.backends) {
    for (const f of project.frontends) if (!prep.active.has(pairKey(b, f, n))) edges.push(b, f);
  }
  return edges;
}

const distance = (prep: Prepared, b: number, f: number) =>
  offsetDistanceMinutes(prep.offset[b] as number, prep.offset[f] as number);

/** The optimal round by a min-cost flow over every learner and every allowed pair. */
export function learnerFlowRound(input: RoundInput): RoundResult {
  const prep = prepare(input);
  const n = prep.learners.length;
  const network = new MinCostFlow();
  const node = new Int32Array(n);
  const chosen: number[] = [];
  for (const project of prep.projects) {
    const members = [...project.backends, ...project.frontends];
    network.reset(2 + members.length);
    members.forEach((i, k) => {
      node[i] = 2 + k;
      const isBackend = k < project.backends.length;
      const partners = isBackend ? project.frontends.length : project.backends.length;
      const slots = Math.min(prep.residual[i] as number, partners);
      const [from, to] = isBackend ? [0, 2 + k] : [2 + k, 1];
      // Covering a learner with no partner yet is worth one; their further pairs nothing.
      const uncovered = prep.coveredBefore[i] === 0;
      if (uncovered) network.addEdge(from, to, 1, -1, 0, 0);
      if (slots > Number(uncovered)) network.addEdge(from, to, slots - Number(uncovered), 0, 0, 0);
    });
    const edges = allowedEdges(prep, project);
    const middle: number[] = [];
    for (let k = 0; k < edges.length; k += 2) {
      const b = edges[k] as number;
      const f = edges[k + 1] as number;
      const repeat = prep.recent.has(pairKey(b, f, n)) ? 1 : 0;
      middle.push(
        network.addEdge(node[b] as number, node[f] as number, 1, 0, repeat, distance(prep, b, f)),
      );
    }
    network.run(0, 1);
    middle.forEach((edge, k) => {
      if (network.flow(edge) === 1) chosen.push(edges[2 * k] as number, edges[2 * k + 1] as number);
    });
  }
  return resultOf(prep, chosen);
}

/**
 * The greedy pairing: per project, allowed pairs by timezone distance (ties by backend id, then
 * frontend id), each taken while both learners still have a free slot. Walked without listing
 * every pair (a big project has millions): distance by distance, backend by backend, through the
 * frontends at that distance (one or two UTC offsets) in id order, skipping the full ones.
 */
export function greedyRound(input: RoundInput): RoundResult {
  const prep = prepare(input);
  const n = prep.learners.length;
  const left = Int32Array.from(prep.residual);
  const chosen: number[] = [];
  for (const project of prep.projects) {
    // Indices follow id order, so each offset's frontends are in id order.
    const byOffset = new Map<number, number[]>();
    for (const f of project.frontends) {
      const offset = prep.offset[f] as number;
      const members = byOffset.get(offset);
      if (members === undefined) byOffset.set(offset, [f]);
      else members.push(f);
    }
    const groups = [...byOffset].map(([offset, members]) => ({
      offset,
      members,
      // For a full member, where to look next (path-compressed).
      jump: Int32Array.from({ length: members.length }, (_, k) => k + 1),
    }));
    type Group = (typeof groups)[number];
    const firstWithRoom = (group: Group, from: number): number => {
      let k = from;
      while (k < group.members.length && left[group.members[k] as number] === 0)
        k = group.jump[k] as number;
      for (let j = from; j < k && j < group.members.length; ) {
        const next = group.jump[j] as number;
        group.jump[j] = k;
        j = next;
      }
      return k;
    };
    const distances = new Set<number>();
    for (const b of project.backends)
      for (const group of groups)
        distances.add(offsetDistanceMinutes(prep.offset[b] as number, group.offset));
    for (const d of [...distances].sort((x, y) => x - y)) {
      for (const b of project.backends) {
        const near = groups.filter(
          (group) => offsetDistanceMinutes(prep.offset[b] as number, group.offset) === d,
        );
        const at = near.map((group) => firstWithRoom(group, 0));
        while ((left[b] as number) > 0) {
          let pick = -1;
          for (let g = 0; g < near.length; g++) {
            const f = (near[g] as Group).members[at[g] as number];
            if (f === undefined) continue;
            const best =
              pick === -1 ? undefined : (near[pick] as Group).members[at[pick] as number];
            if (best === undefined || f < best) pick = g;
          }
          if (pick === -1) break;
          const group = near[pick] as Group;
          const f = group.members[at[pick] as number] as number;
          if (!prep.active.has(pairKey(b, f, n))) {
            left[b] = (left[b] as number) - 1;
            left[f] = (left[f] as number) - 1;
            chosen.push(b, f);
          }
          at[pick] = firstWithRoom(group, (at[pick] as number) + 1);
        }
      }
    }
  }
  return resultOf(prep, chosen);
}
