import { execFileSync, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { countLearnings } from '../src/learnings/learnings.js';
import { findTopicByName } from '../src/learnings/topics.js';
import {
  type DiscordDouble,
  type RecordedRequest,
  slashCommand,
  startDiscordDouble,
} from '../tests/support/discord-double.js';
import { productionNodeFlags } from '../tests/support/production.js';
import { askLearningDocker, createNexusRouter, freshMember } from './bots.js';
import { benchGuildId, type Corpus } from './corpus.js';
import type { MemoryReport, ProbeRequest } from './memory-probe.js';
import { allowedCpus, pin } from './placement.js';
import type { SuiteResult } from './report.js';
import { percentile, summarize, type Timing, timeEach } from './stats.js';

/** Nexus; a bare client answering "ok"; a bare client answering with the message Nexus sends. */
type BotKind = 'nexus' | 'bare' | 'echo';

const calls = 10_000;
const warmUpCalls = 500;
/** Interactions per measured block, and unmeasured ones at the start of each. */
const blockCalls = 250;
const blockSettleCalls = 20;
const mib = 2 ** 20;

/**
 * Dispatches `/learning docker` from a fresh member and resolves with the interaction callback
 * once it reaches the double, and the milliseconds from the gateway payload going to the socket
 * to the callback's last byte being read: the double's own work (building the payload, parsing
 * and recording the callback) stays outside. Recorded requests are dropped afterwards, so the
 * double's lookup stays constant-time over thousands of round trips.
 */
async function roundTrip(
  double: DiscordDouble,
): Promise<{ callback: RecordedRequest; ms: number }> {
  const topic = {
    type: ApplicationCommandOptionType.String as const,
    name: 'topic',
    value: 'docker',
  };
  const { id, token, sentAt } = double.dispatchInteraction(
    slashCommand('learning', [topic], { member: freshMember() }),
  );
  const callback = await double.waitForRequest({
    pathIncludes: `/interactions/${id}/${token}/callback`,
  });
  double.requests.splice(0);
  return { callback, ms: callback.arrivedAt - sentAt };
}

/** Throws unless the callback is the answer the bot should give: error notices are not timed. */
function assertAnswer(kind: BotKind, callback: RecordedRequest): void {
  const body = callback.body as {
    type?: number;
    data?: { content?: string; embeds?: { title?: string }[] };
  };
  const ok =
    callback.status === 204 &&
    body.type === 4 &&
    (kind === 'bare' ? body.data?.content === 'ok' : body.data?.embeds?.[0]?.title === 'Docker');
  if (!ok) throw new Error(`unexpected ${kind} answer: ${JSON.stringify(body).slice(0, 300)}`);
}

const labels: Record<BotKind, string> = {
  nexus: 'Nexus: /learning docker, dispatch → callback',
  bare: 'bare discord.js: reply "ok", dispatch → callback',
  echo: "bare discord.js: reply Nexus's message, dispatch → callback",
};

type Child = Awaited<ReturnType<typeof startChild>>;
/** MiB, right after a full collection. */
interface Memory {
  rss: number;
  heap: number;
}

/**
 * Where the processes run: `pinned`, the bench process (and so the doubles) on one CPU and every
 * bot on another, the same for all; `unpinned`, wherever the scheduler puts them.
 */
interface Placement {
  label: 'pinned' | 'unpinned';
  botsCpu?: number;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = (file: string) => join(root, 'dist', file);

/**
 * Compiles the bot and the bench's own child files to dist/ (tsc, incremental), so that every bot
 * runs as production runs: plain `node`, no loader.
 */
function buildBots(): void {
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.bench.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}

/**
 * One bot in its own process behind its own double served here: Nexus is its production entry
 * point (`dist/src/main.js`, with npm start's node flags unless told otherwise, the token and the
 * double as its API, on the corpus database, logging at info as configured by default), the
 * others bench/bot-child.ts with node's defaults; each with the memory probe loaded. Its start-up
 * runs from the fork to its first answered interaction.
 */
async function startChild(
  kind: BotKind,
  input: string,
  placement: Placement,
  nodeFlags: readonly string[] = kind === 'nexus' ? productionNodeFlags() : [],
) {
  const double = await startDiscordDouble({ validate: false });
  // Its own folder as working directory, so no `.env` of the checkout leaks in.
  const cwd = mkdtempSync(join(tmpdir(), 'nexus-bench-'));
  const nexus = kind === 'nexus';
  const startedAt = performance.now();
  const child = fork(
    compiled(nexus ? 'src/main.js' : 'bench/bot-child.js'),
    nexus ? [] : [kind, double.apiBase, ...(kind === 'echo' ? [input] : [])],
    {
      cwd,
      execArgv: ['--expose-gc', ...nodeFlags, '--import', compiled('bench/memory-probe.js')],
      env: nexus
        ? {
            ...process.env,
            DISCORD_TOKEN: 'bench-token',
            DISCORD_API_BASE: double.apiBase,
            DATABASE_PATH: input,
            LOG_LEVEL: 'info',
            HTTP_PORT: '',
            BACKUP_DIR: '',
          }
        : process.env,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  if (placement.botsCpu !== undefined && child.pid !== undefined) {
    pin(child.pid, [placement.botsCpu]);
  }
  const exited = once(child, 'exit');
  const crashed = exited.then(([code]) =>
    Promise.reject(new Error(`${kind} child exited (${code})`)),
  );
  crashed.catch(() => undefined); // raced below; the exit at the end is not a failure
  const nextMemory = async (): Promise<Memory> => {
    const message = once(child, 'message', { signal: AbortSignal.timeout(60_000) });
    child.send('measure' satisfies ProbeRequest);
    const [report] = await Promise.race([message, crashed]);
    const { rss, heapUsed } = report as MemoryReport;
    return { rss: rss / mib, heap: heapUsed / mib };
  };
  // An interaction dispatched before the bot identifies would be lost with the old session.
  while (double.identifyCount === 0) await Promise.race([delay(5), crashed]);
  const first = await Promise.race([roundTrip(double), crashed]);
  assertAnswer(kind, first.callback);
  const startupMs = first.callback.arrivedAt - startedAt;
  const ready = await nextMemory();
  return {
    kind,
    label: `${labels[kind]} (${placement.label})`,
    startupMs,
    ready,
    firstAnswer: first.callback,
    samples: [] as number[],
    async roundTrip(keep: boolean) {
      const { callback, ms } = await roundTrip(double);
      assertAnswer(kind, callback);
      if (keep) this.samples.push(ms);
      return callback;
    },
    measureMemory: nextMemory,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await double.close();
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/**
 * The bots run at once but take turns in blocks, each measured while the others are idle, so
 * no one's work or garbage collection lands in another's samples, while drift in the machine's
 * speed falls on all alike. Each block starts with a few unmeasured interactions, which absorb
 * the previous bot's collection as it goes idle. The echo bot sends the very message Nexus
 * answered with, so the gap between it and the "ok" bot is what carrying that page costs.
 */
async function measureBots(corpus: Corpus, placement: Placement) {
  const started: Child[] = [];
  try {
    const bare = await startChild('bare', corpus.path, placement);
    started.push(bare);
    const nexus = await startChild('nexus', corpus.path, placement);
    started.push(nexus);
    const message = JSON.stringify((nexus.firstAnswer.body as { data: unknown }).data);
    const echo = await startChild('echo', message, placement);
    started.push(echo);
    for (const bot of started) for (let i = 0; i < warmUpCalls; i++) await bot.roundTrip(false);
    for (let block = 0; block < calls / blockCalls; block++) {
      // The order rotates, so each bot goes first, second and third in turn.
      const order = started.map((_, i) => started[(i + block) % started.length] as Child);
      for (const bot of order) {
        for (let i = 0; i < blockSettleCalls; i++) await bot.roundTrip(false);
        for (let i = 0; i < blockCalls; i++) await bot.roundTrip(true);
      }
    }
    const result = (bot: Child, loaded: Memory) => ({
      timing: summarize(bot.label, bot.samples),
      loaded,
    });
    return {
      placement: placement.label,
      bare: result(bare, await bare.measureMemory()),
      nexus: result(nexus, await nexus.measureMemory()),
      echo: summarize(echo.label, echo.samples),
      messageBytes: Buffer.byteLength(message),
    };
  } finally {
    for (const bot of started.reverse()) await bot.close();
  }
}

/** Start-ups per bot for the figures once ready, whose spread from one start to the next is wide. */
const startupRounds = 9;

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

interface StartupSamples {
  rss: number[];
  heap: number[];
  startupMs: number[];
}

/**
 * Memory once ready and start-up time, as medians over several start-ups of each bot, taken in
 * turn (the order rotating) so drift in the machine falls on all alike: the bare bot, Nexus as
 * production runs it, and Nexus under node's defaults, to show what npm start's flags change.
 */
async function measureStartups(corpus: Corpus) {
  const variants = [
    { name: 'bare', kind: 'bare', flags: [] },
    { name: 'nexus', kind: 'nexus', flags: productionNodeFlags() },
    { name: 'nexusDefaults', kind: 'nexus', flags: [] },
  ] as const;
  const samples = new Map<string, StartupSamples>(
    variants.map(({ name }) => [name, { rss: [], heap: [], startupMs: [] }]),
  );
  for (let round = 0; round < startupRounds; round++) {
    for (let i = 0; i < variants.length; i++) {
      const { name, kind, flags } = variants[
        (i + round) % variants.length
      ] as (typeof variants)[number];
      const child = await startChild(kind, corpus.path, { label: 'unpinned' }, flags);
      await child.close();
      const seen = samples.get(name) as StartupSamples;
      seen.rss.push(child.ready.rss);
      seen.heap.push(child.ready.heap);
      seen.startupMs.push(child.startupMs);
    }
  }
  const medians = (name: (typeof variants)[number]['name']) => {
    const { rss, heap, startupMs } = samples.get(name) as StartupSamples;
    return {
      ready: { rss: median(rss), heap: median(heap) },
      startupMs: median(startupMs),
      rssRange: `${Math.min(...rss).toFixed(1)}–${Math.max(...rss).toFixed(1)}`,
    };
  };
  return {
    bare: medians('bare'),
    nexus: medians('nexus'),
    nexusDefaults: medians('nexusDefaults'),
  };
}

/** The same command straight through the router, without Discord: the handler's share. */
async function handlerAlone(corpus: Corpus): Promise<{ timing: Timing; topicSize: number }> {
  const { db, router, close } = await createNexusRouter(corpus.path);
  try {
    const handle = () => askLearningDocker(router);
    await timeEach(Array.from({ length: warmUpCalls }), handle);
    const samples = await timeEach(Array.from({ length: calls }), handle);
    const docker = await findTopicByName(db, 'docker');
    const topicSize = docker ? await countLearnings(db, benchGuildId, docker.topic.id) : 0;
    return { timing: summarize('Nexus router.handle alone (no Discord)', samples), topicSize };
  } finally {
    await close();
  }
}

type Measured = Awaited<ReturnType<typeof measureBots>>;

/** The bots pinned where the machine has two CPUs and taskset, then left to the scheduler. */
async function measureEachPlacement(corpus: Corpus): Promise<Measured[]> {
  const cpus = allowedCpus();
  const [doubleCpu, botsCpu] = cpus;
  const measured: Measured[] = [];
  if (doubleCpu !== undefined && botsCpu !== undefined) {
    pin(process.pid, [doubleCpu]);
    try {
      measured.push(await measureBots(corpus, { label: 'pinned', botsCpu }));
    } finally {
      pin(process.pid, cpus);
    }
  }
  measured.push(await measureBots(corpus, { label: 'unpinned' }));
  return measured;
}

/** Nexus against the bare bot, and the echo bot between them, in one placement. */
function comparison({ placement, nexus, bare, echo }: Measured) {
  return {
    placement,
    p50: nexus.timing.p50 / bare.timing.p50,
    p99: nexus.timing.p99 / bare.timing.p99,
    gap: nexus.timing.p99 - bare.timing.p99,
    page: echo.p99 / bare.timing.p99,
    added: nexus.timing.p99 / echo.p99,
  };
}

/** The memory goal: Nexus's resident memory within this factor of the bare bot's. */
const memoryGoal = 1.3;

export async function latencySuite(corpus: Corpus): Promise<SuiteResult> {
  buildBots();
  const startups = await measureStartups(corpus);
  const measured = await measureEachPlacement(corpus);
  const judged = measured[0] as Measured;
  const { nexus, bare, echo, messageBytes } = judged;
  const { nexus: nexusMemory, bare: bareMemory } = measured.at(-1) as Measured;
  const comparisons = measured.map(comparison);
  const verdict = comparisons[0] as ReturnType<typeof comparison>;
  const handler = await handlerAlone(corpus);
  const commandsServed = warmUpCalls + calls + (calls / blockCalls) * blockSettleCalls;
  const served = `after ${commandsServed.toLocaleString('en')} commands`;
  const rssReady = startups.nexus.ready.rss / startups.bare.ready.rss;
  const once = `once ready (median of ${startupRounds} start-ups)`;
  const rssLoaded = nexusMemory.loaded.rss / bareMemory.loaded.rss;
  return {
    suite: 'latency',
    title: 'Latency and memory: end to end through the local Discord double',
    timings: [...measured.flatMap((m) => [m.nexus.timing, m.bare.timing, m.echo]), handler.timing],
    values: [
      {
        name: 'learnings in the docker topic, this guild',
        value: handler.topicSize,
        unit: 'rows',
      },
      ...comparisons.map(({ placement, gap }) => ({
        name: `p99 gap, Nexus's minus the bare bot's (${placement})`,
        value: gap,
        unit: 'ms',
      })),
      {
        name: 'start-up, Nexus: process start to first answered interaction (median)',
        value: startups.nexus.startupMs,
        unit: 'ms',
      },
      {
        name: 'start-up, bare discord.js: process start to first answered interaction (median)',
        value: startups.bare.startupMs,
        unit: 'ms',
      },
      { name: `RSS, Nexus, ${once}`, value: startups.nexus.ready.rss, unit: 'MiB' },
      { name: `RSS, bare discord.js, ${once}`, value: startups.bare.ready.rss, unit: 'MiB' },
      {
        name: `RSS, Nexus under node's defaults (without npm start's flags), ${once}`,
        value: startups.nexusDefaults.ready.rss,
        unit: 'MiB',
      },
      { name: `RSS, Nexus, ${served}`, value: nexusMemory.loaded.rss, unit: 'MiB' },
      { name: `RSS, bare discord.js, ${served}`, value: bareMemory.loaded.rss, unit: 'MiB' },
      { name: `V8 heap in use, Nexus, ${once}`, value: startups.nexus.ready.heap, unit: 'MiB' },
      {
        name: `V8 heap in use, bare discord.js, ${once}`,
        value: startups.bare.ready.heap,
        unit: 'MiB',
      },
      { name: `V8 heap in use, Nexus, ${served}`, value: nexusMemory.loaded.heap, unit: 'MiB' },
      {
        name: `V8 heap in use, bare discord.js, ${served}`,
        value: bareMemory.loaded.heap,
        unit: 'MiB',
      },
    ],
    ratios: [
      ...comparisons.flatMap(({ placement, p50, p99, page, added }) => [
        { name: `Nexus p50 / bare p50 (${placement})`, value: p50 },
        { name: `Nexus p99 / bare p99 (${placement})`, value: p99 },
        {
          name: `echo p99 / bare p99, carrying the page instead of "ok" (${placement})`,
          value: page,
        },
        {
          name: `Nexus p99 / echo p99, against a bot only sending its page (${placement})`,
          value: added,
        },
      ]),
      { name: `Nexus RSS / bare RSS, ${once}`, value: rssReady },
      {
        name: `Nexus under node's defaults RSS / bare RSS, ${once}`,
        value: startups.nexusDefaults.ready.rss / startups.bare.ready.rss,
      },
      { name: `Nexus RSS / bare RSS, ${served}`, value: rssLoaded },
    ],
    goals: [
      {
        goal: `Nexus p99 within 1.2× of bare discord.js p99 (${verdict.placement})`,
        actual: `${verdict.p99.toFixed(2)}×`,
        met: verdict.p99 <= 1.2,
      },
      {
        goal: `Nexus RSS within ${memoryGoal}× of bare discord.js RSS, ${once}`,
        actual: `${rssReady.toFixed(2)}×`,
        met: rssReady <= memoryGoal,
      },
      {
        goal: `Nexus RSS within ${memoryGoal}× of bare discord.js RSS, ${served}`,
        actual: `${rssLoaded.toFixed(2)}×`,
        met: rssLoaded <= memoryGoal,
      },
    ],
    notes: [
      `Each bot runs alone in its own process, so no one's garbage collection or memory shows in another's figures, and each runs as production runs it: compiled (\`tsc -p tsconfig.bench.json\`, incremental) and started with plain \`node\`, no loader, each connecting over 127.0.0.1 to its own local Discord double (tests/support/discord-double.ts, body validation off) served by the bench process. Nexus is its production entry point, \`dist/src/main.js\`, started with npm start's node flags (\`${productionNodeFlags().join(' ')}\`), configured by environment as an operator would (the token, the double as \`DISCORD_API_BASE\`, the prepared database with the ${corpus.learnings.toLocaleString('en')} learnings, \`LOG_LEVEL=info\`, so one log line per interaction, to a discarded stdout): configuration, the database check and migrations, the shipped data, the scheduler, the channel watcher and the router with its commands, members and users uncached, and a first response posted with its body encoded once per message (a kept page is encoded once, not on every answer). The bare bot (\`bench/bot-child.ts\`) is a discord.js \`Client\` with the same intents and mention policy and discord.js's defaults otherwise, replying \`{ content: 'ok' }\` with \`interaction.reply\` to every interaction; the echo bot is the same bare client replying, with \`interaction.reply\`, with the very message Nexus answered its first \`/learning docker\` with (embed and buttons, handed over as API objects, so discord.js copies nothing key by key but encodes them on every answer). They run at once but take turns in blocks of ${blockCalls} measured interactions (each block after ${blockSettleCalls} unmeasured ones), rotating which goes first, so each is measured while the others are idle and drift in the machine's speed falls on all alike.`,
      `Placement: the three bots are measured twice, first pinned (\`taskset\`: the bench process, which serves the doubles, on one CPU and every bot on another, the same one for all three), then unpinned, wherever the scheduler puts each process. ${measured.length > 1 ? 'The goal is judged pinned' : "This machine could not pin (it needs two CPUs and util-linux's taskset), so the goal is judged unpinned"}. Unpinned, which core each process lands on, and what else runs there, differs from bot to bot and from run to run, and at p99 that decides more than the bots' own work: on a two-core machine the same code's ratio moved from about 0.9 to 1.4 between runs, mostly with the bare bot's own p99. Pinned, all three see the same core, so the ratio compares the bots rather than their luck; each bot then shares its core with its own collector's helper threads, which makes every pinned p99 higher than unpinned.`,
      `Latency: after ${warmUpCalls} warm-up interactions each, ${calls.toLocaleString('en')} measured \`/learning docker\` interactions per bot from distinct members (so the rate limit never refuses), one at a time. A sample is the time from the gateway payload going to the double's socket to the last byte of the interaction callback POST being read by the double, so it covers the gateway message, discord.js, the handler and the REST call, and none of the double's own work (building the payload, parsing and recording the callback, whose collections would otherwise land in the samples of every bot). Every answer is checked (Nexus and echo: the Docker embed; bare: "ok"). "router.handle alone" runs the same command in the bench process straight through the router, without Discord, to split handler time from gateway and REST time.`,
      `Where the time goes: routed straight through \`router.handle\`, the command alone (its topic has ${handler.topicSize.toLocaleString('en')} learnings in this guild; the page is kept between answers until the database changes, and topic uses are written once a second) takes ${handler.timing.p50.toFixed(3)} ms at p50 and ${handler.timing.p99.toFixed(3)} ms at p99, against Nexus's ${nexus.timing.p50.toFixed(2)} / ${nexus.timing.p99.toFixed(2)} ms end to end and the bare bot's ${bare.timing.p50.toFixed(2)} / ${bare.timing.p99.toFixed(2)} ms (${verdict.placement}). The echo bot, which does no work but sends Nexus's page through \`interaction.reply\` (${(messageBytes / 1024).toFixed(1)} KiB of JSON against a dozen bytes), takes ${echo.p50.toFixed(2)} / ${echo.p99.toFixed(2)} ms: carrying that page instead of "ok" costs ${verdict.page.toFixed(2)}× at p99. Nexus against the echo bot is ${verdict.added.toFixed(2)}× at p99: its own work (the adapter, the router, the handler and their garbage) less what posting the page encoded once saves over encoding it on every answer.`,
      `Reading the p99 ratio: at p99 every bot is in the tail, where the machine's own hiccups (a process woken late, a collection in a bot's process or in the bench process) decide the figure, and unpinned, the bare bot's p99 moves from run to run by more than the gap between the bots. Compare several runs, and the absolute gap (Nexus's p99 minus the bare bot's), before reading one unpinned ratio.`,
      `Memory: every bot process is started with \`--expose-gc\` and \`--import bench/memory-probe.js\` (compiled), which answers the bench over IPC with \`process.memoryUsage()\` right after a full garbage collection, with no bench code in the bot itself. Once ready (after its first answered interaction, which also ends the start-up time: from the fork to that answer's callback reaching the double), the figures are medians of ${startupRounds} start-ups of each bot, taken in turn before the latency runs: the bare bot, Nexus as npm start runs it, and Nexus under node's defaults. One start-up's RSS is a poor figure: across these, the bare bot's ranged over ${startups.bare.rssRange} MiB and Nexus's over ${startups.nexus.rssRange} MiB, mostly in what the allocator still holds of the work V8's helper threads did during start-up. The figures ${served} come from the unpinned latency run, one process each. RSS is what the process holds from the system, Node and discord.js included; it also keeps memory V8 and the allocator have freed but not returned, so it grows with the busiest moment of the run. The V8 heap in use, read right after the collection, is what the bot's objects still take; after the commands, the bare bot also holds every member and user it has seen (discord.js's default cache), which Nexus does not keep.`,
      `Where Nexus's memory goes once ready, from smaps, heap snapshots and imports measured one by one: its V8 heap holds about ${(startups.nexus.ready.heap - startups.bare.ready.heap).toFixed(0)} MiB more than the bare bot's, the code it loads beside discord.js (kysely about 2.9 MiB, zod 2.8, its own modules about 4, pino, node-cron, croner and cronstrue under 1 together), whose source text V8 keeps. SQLite adds its library (1.9 MiB) and about 4 MiB of allocations, its page cache included. node-cron matches every minute through \`Intl.DateTimeFormat\`, whose first use makes the process touch about 6 MiB of ICU's data in the node binary and allocate about 2 more. npm start's two node flags account for the gap between Nexus under node's defaults (${startups.nexusDefaults.ready.rss.toFixed(1)} MiB) and as npm start runs it (${startups.nexus.ready.rss.toFixed(1)} MiB): left to itself, V8 grows its young generation to a 16 MiB semi-space while all that code loads (32 MiB of pages, where the bare bot's settles at 8 MiB) and keeps it, which \`--max-semi-space-size=2\` prevents; and each of V8's four helper threads (GC and compiler tasks) allocates in a malloc arena of its own and glibc keeps what a task used once it is done; \`--v8-pool-size=2\` halves the threads and so the arenas. That retained memory is also most of the spread from one start-up to the next, for both bots. What start-up used to add is gone: a shipped folder unchanged since it was last loaded is skipped whole (no front matter read, so gray-matter with js-yaml and esprima never loads: 105.3 against 112.7 MiB at ready, medians of 7 start-ups each, measured once on 2026-12-06 with the young-generation flag alone), @discordjs/rest is taken through discord.js's re-export, so its ESM build and that build's own dependencies no longer load beside the CommonJS ones discord.js runs on, migrations are imported only when one is pending, Kysely's migration order and the option descriptions' counts no longer build ICU's collator and number formatter, and the start-up checks read the file through a 256 KiB page cache of their own instead of filling the 2 MB serving one.`,
      // A one-off evaluation, recorded here so the generated page keeps it beside the figures it judged.
      [
        'Speed-ups, each kept only where it moves the figure it was made for by 10% or more (medians of 5 latency runs per configuration, taken in turn in one sitting on 2026-12-06, pinned placement; Nexus ÷ bare discord.js):',
        '',
        '| Without | p50 ratio | p99 ratio | Decision |',
        '| --- | --- | --- | --- |',
        '| (all kept) | 1.502 | 1.077 | |',
        '| the raw REST first response, and so its cache (discord.js reply/update) | 1.840 | 1.115 | kept, in src/discord/first-response.ts (−18% at p50; alone, without the cache, −5%) |',
        '| the encoded-body cache (encoded on every answer) | 1.758 | 1.057 | kept, with it (−15% at p50) |',
        '| the statement cache (Kysely prepares each query) | 1.485 | 1.061 | removed: /learning unchanged; /search p50 1.72 → 1.82 ms, p99 3.58 → 3.91 ms (−5%, −8%) |',
        '| the /learning page cache | 2.940 | 1.220 | kept, in src/db/state-cache.ts (−49% at p50, −12% at p99) |',
      ].join('\n'),
    ],
  };
}
