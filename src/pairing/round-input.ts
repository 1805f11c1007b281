/**
 * The weekly round's input, and its preparation into index-based arrays that the solver, the
 * objective and the baselines share. Pure: no I/O, no clock.
 */

import { isKnownTimeZone, utcOffsetMinutes } from '../timezone.js';

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

/** A pair formed at most this long before `now` counts as a repeat. */
export const REPEAT_WINDOW_MS = 28 * 24 * 60 * 60 * 1000;

/** Code-unit order, not localeCompare: the result must not depend on the machine's locale. */
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One project's learners who can take a new partner (slots left), by role, in id order. */
export interface ProjectInRound {
  backends: number[];
  frontends: number[];
}

export interface Prepared {
  /** Sorted by id; every other structure refers to learners by their index here. */
  learners: RoundLearner[];
  index: Map<string, number>;
  /** Known active pairs, as `pairKey`s. */
  active: Set<number>;
  /** Pairs formed within the repeat window, as `pairKey`s. */
  recent: Set<number>;
  /**
   * Same-project partners of the other role a learner has an active or recent pair with, for
   * learner `i` at `exceptionPartners[exceptionStart[i] .. exceptionStart[i + 1]]`: the few
   * learners who differ from the rest of their class as this learner's partners.
   */
  exceptionStart: Int32Array;
  exceptionPartners: Int32Array;
  /** Slots left for new partners. */
  residual: Int32Array;
  /** 1 when the learner already has an active partner. */
  coveredBefore: Uint8Array;
  coveredBeforeCount: number;
  /** UTC offset in minutes at `now` (whole minutes, so sums of distances stay exact). */
  offset: Float64Array;
  /** Sorted by project name; a project is left out unless both roles have someone with a slot. */
  projects: ProjectInRound[];
}

/** One number per unordered pair of learner indices (exact as a double up to 94 million learners). */
export function pairKey(i: number, j: number, n: number): number {
  return i < j ? i * n + j : j * n + i;
}

export function prepare(input: RoundInput): Prepared {
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

  // An active pair counts only when both its learners are in the round: a pair with a paused
  // learner is ignored entirely, so it frees a slot for the other learner.
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
  let coveredBeforeCount = 0;
  const offset = new Float64Array(n);
  const zoneOffsets = new Map<string, number>();
  const projectsByName = new Map<string, ProjectInRound>();
  for (let i = 0; i < n; i++) {
    const learner = learners[i] as RoundLearner;
    const max = Number.isFinite(learner.maxPartners) ? Math.floor(learner.maxPartners) : 0;
    residual[i] = Math.max(0, max - (activeCount[i] as number));
    if ((activeCount[i] as number) > 0) {
      coveredBefore[i] = 1;
      coveredBeforeCount++;
    }
    let zoneOffset = zoneOffsets.get(learner.timezone);
    if (zoneOffset === undefined) {
      // A zone the runtime does not know is treated as UTC.
      zoneOffset = isKnownTimeZone(learner.timezone)
        ? utcOffsetMinutes(learner.timezone, input.now)
        : 0;
      zoneOffsets.set(learner.timezone, zoneOffset);
    }
    offset[i] = zoneOffset;
    if ((residual[i] as number) === 0) continue;
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
    .map((name) => projectsByName.get(name) as ProjectInRound)
    .filter((project) => project.backends.length > 0 && project.frontends.length > 0);

  const { exceptionStart, exceptionPartners } = exceptionLists(learners, [active, recent]);
  return {
    learners,
    index,
    active,
    recent,
    exceptionStart,
    exceptionPartners,
    residual,
    coveredBefore,
    coveredBeforeCount,
    offset,
    projects,
  };
}

/** Both directions of every same-project backend/frontend pair in `pairSets`, grouped by learner. */
function exceptionLists(learners: RoundLearner[], pairSets: Set<number>[]) {
  const n = learners.length;
  const ends: number[] = [];
  for (const pairs of pairSets) {
    for (const key of pairs) {
      const i = Math.floor(key / n);
      const j = key - i * n;
      const a = learners[i] as RoundLearner;
      const b = learners[j] as RoundLearner;
      if (a.project === b.project && a.role !== b.role) ends.push(i, j, j, i);
    }
  }
  const exceptionStart = new Int32Array(n + 1);
  for (let k = 0; k < ends.length; k += 2) {
    const i = ends[k] as number;
    exceptionStart[i + 1] = (exceptionStart[i + 1] as number) + 1;
  }
  for (let i = 0; i < n; i++)
    exceptionStart[i + 1] = (exceptionStart[i + 1] as number) + (exceptionStart[i] as number);
  const fill = exceptionStart.slice(0, n);
  const exceptionPartners = new Int32Array(ends.length / 2);
  for (let k = 0; k < ends.length; k += 2) {
    const i = ends[k] as number;
    exceptionPartners[fill[i] as number] = ends[k + 1] as number;
    fill[i] = (fill[i] as number) + 1;
  }
  return { exceptionStart, exceptionPartners };
}
