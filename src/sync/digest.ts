import type { Message } from '../interaction/message.js';
import { escapeInline, formatCount } from '../text.js';
import { checkInId } from './check-in-ids.js';
import { type PingedPair, silentWeeksBeforePause, type WeeklyPlan } from './plan.js';

/**
 * Words for a week's plan, shaped for Discord at cohort size: a handful of messages in the channel
 * (the prompt with the counts, pauses), and the pairs as digests in weekly threads.
 */

/** Pairs per digest: 60 mentions and about 1,600 characters, inside Discord's 100 and 2,000. */
export const pairsPerDigest = 30;
/**
 * Learners per thread. Discord caps a thread at 1,000 members and a mention adds the member, so a
 * thread stops short of it; 900 is 15 full digests, so a project split across threads starts its
 * next thread on a digest boundary.
 */
export const learnersPerThread = 900;
/** Mentions per pause notice: about 1,900 characters of mentions and words. */
const pausedPerNotice = 80;
const contentBudget = 1900;

export interface Draft {
  key: string;
  message: Message;
  /** The part of the run's threads it goes in; none: the channel itself. */
  threadPart?: number;
}

export interface RunDrafts {
  /** In posting order: channel messages first, then digests part by part. */
  drafts: Draft[];
  /** Thread names by part (1: started from the prompt). */
  threads: string[];
}

const unix = (date: Date) => Math.floor(date.getTime() / 1000);
const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

const threadName = (week: string, part: number) =>
  `Sync-up · ${week}${part > 1 ? ` · part ${part}` : ''}`;

/** The check-in row every digest with a check-in carries: one answer per clicker, not per pair. */
function checkInButtons(week: string) {
  return [
    [
      {
        customId: checkInId.encode({ week, answer: 'yes' }),
        label: 'Yes, we met',
        style: 'success' as const,
      },
      {
        customId: checkInId.encode({ week, answer: 'no' }),
        label: 'Not this time',
        style: 'secondary' as const,
      },
    ],
  ];
}

function promptMessage(plan: WeeklyPlan): Message {
  const fresh = plan.pairs.filter((p) => p.isNew).length;
  const lines = [`Weekly sync-up: ${plan.prompt}`];
  if (plan.pairs.length > 0) {
    lines.push(
      `This week: ${plan.pairs.length === 1 ? '1 pair' : plural(plan.pairs.length, 'pair')}, ${formatCount(fresh)} new. Find yours in the digests below and check in there.`,
    );
  }
  if (plan.lateFor) {
    lines.push(
      `*(Late: this sync-up was due <t:${unix(plan.lateFor)}:f> while Nexus was offline.)*`,
    );
  }
  return { content: lines.join('\n') };
}

function pauseNotices(plan: WeeklyPlan): Message[] {
  const notices: Message[] = [];
  for (let i = 0; i < plan.paused.length; i += pausedPerNotice) {
    const ids = plan.paused.slice(i, i + pausedPerNotice);
    notices.push({
      content: `${ids.map((id) => `<@${id}>`).join(' ')}: you have not answered the last ${silentWeeksBeforePause} check-ins, so you are paused from new pairings. Come back any time with /project resume.`,
      mentions: ids,
    });
  }
  return notices;
}

/** One project's pairs in digests of at most `pairsPerDigest`, each line one pair. */
function projectDigests(project: string, pairs: PingedPair[], week: string): Message[] {
  const digests: Message[] = [];
  const line = (p: PingedPair) =>
    `<@${p.backendId}> ↔ <@${p.frontendId}>${p.isNew ? ' · new' : ''}`;
  for (let start = 0; start < pairs.length; ) {
    const header = (end: number) =>
      `**${escapeInline(project)}** · pairs ${start + 1}–${end} of ${pairs.length}`;
    const chunk: PingedPair[] = [];
    let length = header(pairs.length).length + 80;
    for (const pair of pairs.slice(start, start + pairsPerDigest)) {
      const next = line(pair).length + 1;
      if (chunk.length > 0 && length + next > contentBudget) break;
      chunk.push(pair);
      length += next;
    }
    const asks = chunk.some((p) => p.checkIn);
    const lines = [header(start + chunk.length), ...chunk.map(line)];
    if (asks) lines.push('Did you meet your partner last week? Answer for your own pair:');
    digests.push({
      content: lines.join('\n'),
      mentions: [...new Set(chunk.flatMap((p) => [p.backendId, p.frontendId]))],
      ...(asks ? { buttons: checkInButtons(week) } : {}),
    });
    start += chunk.length;
  }
  return digests;
}

/** Digests into threads of at most `learnersPerThread` distinct learners, in order. */
function intoThreads(digests: Message[]): { message: Message; part: number }[] {
  let part = 1;
  let members = new Set<string>();
  return digests.map((message) => {
    const mentioned = message.mentions ?? [];
    const joining = mentioned.filter((id) => !members.has(id)).length;
    if (members.size > 0 && members.size + joining > learnersPerThread) {
      part += 1;
      members = new Set();
    }
    for (const id of mentioned) members.add(id);
    return { message, part };
  });
}

/** The run's messages and threads for a week's plan; `week` names its threads ("2026-W49"). */
export function presentWeek(plan: WeeklyPlan, week: string): RunDrafts {
  const drafts: Draft[] = [{ key: 'prompt', message: promptMessage(plan) }];
  pauseNotices(plan).forEach((message, i) => {
    drafts.push({ key: `paused:${i + 1}`, message });
  });
  const byProject = new Map<string, PingedPair[]>();
  for (const pair of plan.pairs) {
    const pairs = byProject.get(pair.project);
    if (pairs) pairs.push(pair);
    else byProject.set(pair.project, [pair]);
  }
  const digests = [...byProject].flatMap(([project, pairs]) =>
    projectDigests(project, pairs, plan.week),
  );
  const placed = intoThreads(digests);
  placed.forEach(({ message, part }, i) => {
    drafts.push({ key: `digest:${i + 1}`, message, threadPart: part });
  });
  const parts = placed.at(-1)?.part ?? 0;
  return {
    drafts,
    threads: Array.from({ length: parts }, (_, i) => threadName(week, i + 1)),
  };
}
