import { describe, expect, it } from 'vitest';
import { toDiscordMessage } from '../../src/discord/render.js';
import type { Actor } from '../../src/interaction/command.js';
import { limits } from '../../src/interaction/limits.js';
import type { Message } from '../../src/interaction/message.js';
import { insertPair } from '../../src/pairing/pairs.js';
import {
  admin,
  createHarness,
  guildId,
  type Harness,
  member,
  messageOf,
  textOf,
  tunde,
} from '../support/harness.js';

/** Members with ids of their own, numbered from `first` so groups never share one. */
function members(prefix: string, count: number, first: number): Actor[] {
  return Array.from({ length: count }, (_, i) =>
    member(
      `${prefix}${String(i).padStart(2, '0')}`,
      String(720_000_000_000_000_000n + BigInt(first + i)),
    ),
  );
}

/** Links as long as /project join allows (300 characters), to fill pages to their limits. */
const longLink = (who: string, kind: string) =>
  `https://github.com/${who}/${kind}-${'x'.repeat(300)}`.slice(0, 300);

/** Every limit Discord enforces on a message, so the renderer never has to cut anything. */
function expectWithinDiscordLimits(message: Message) {
  expect(message.content?.length ?? 0).toBeLessThanOrEqual(limits.content);
  let total = 0;
  for (const embed of message.embeds ?? []) {
    const fields = embed.fields ?? [];
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(limits.embedDescription);
    expect(fields.length).toBeLessThanOrEqual(limits.embedFields);
    for (const field of fields) {
      expect(field.name.length).toBeLessThanOrEqual(limits.embedFieldName);
      expect(field.value.length).toBeLessThanOrEqual(limits.embedFieldValue);
    }
    total +=
      (embed.title?.length ?? 0) +
      (embed.description?.length ?? 0) +
      (embed.footer?.length ?? 0) +
      fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  }
  expect(total).toBeLessThanOrEqual(limits.embedTotal);
  const rows = message.buttons ?? [];
  expect(rows.length).toBeLessThanOrEqual(limits.rowsPerMessage);
  const ids = rows.flat().map((b) => b.customId);
  for (const row of rows) expect(row.length).toBeLessThanOrEqual(limits.buttonsPerRow);
  for (const id of ids) expect(id.length).toBeLessThanOrEqual(limits.customId);
  expect(new Set(ids).size).toBe(ids.length);
}

const button = (message: Message, label: string) =>
  message.buttons?.flat().find((b) => b.label.includes(label));

/**
 * Presses `label` (Next or Previous) until it is disabled, from `first`; returns every page seen.
 * Each page must stay within Discord's limits.
 */
async function pageThrough(bot: Harness, actor: Actor, first: Message, label: string) {
  const pages = [first];
  for (let page = first; ; ) {
    expectWithinDiscordLimits(page);
    const target = button(page, label);
    if (!target || target.disabled) return pages;
    expect(pages.length).toBeLessThan(100);
    page = messageOf(await bot.press(actor, target.customId));
    pages.push(page);
  }
}

/** The lines of a /project show page, by section: Backend, Frontend or Active pairs. */
function sectionLines(page: Message, section: string): string[] {
  return (page.embeds?.[0]?.fields ?? [])
    .filter((f) => f.name.startsWith(section))
    .flatMap((f) => f.value.split('\n'));
}

const pageLines = (page: Message) =>
  (page.embeds?.[0]?.fields ?? []).flatMap((f) => f.value.split('\n'));

const boldNames = (lines: string[]) => lines.map((line) => /^\*\*(.+?)\*\*/.exec(line)?.[1]);

describe('/project show at cohort size', () => {
  async function cohort() {
    const bot = await createHarness();
    const backend = members('back', 45, 0);
    const frontend = members('front', 30, 100);
    for (const [i, actor] of backend.entries()) {
      // Every third backend learner carries two links of the longest kind allowed.
      const links: Record<string, string> =
        i % 3 === 0
          ? { repo: longLink(actor.name, 'api'), api_docs: longLink(actor.name, 'docs') }
          : {};
      await bot.run(actor, 'project', 'join', { name: 'Capstone', role: 'backend', ...links });
    }
    for (const actor of frontend)
      await bot.run(actor, 'project', 'join', { name: 'Capstone', role: 'frontend' });
    const paired = frontend.slice(0, 12);
    for (const [i, f] of paired.entries()) {
      await insertPair(bot.db, {
        guildId,
        projectSlug: 'capstone',
        backendId: (backend[i] as Actor).id,
        frontendId: f.id,
        origin: 'request',
        now: bot.now(),
      });
    }
    const pairLines = paired.map((f, i) => `${backend[i]?.name} ↔ ${f.name}`);
    return { bot, backend, frontend, pairLines };
  }

  it('pages forward and back through every member and pair exactly once, within the limits', async () => {
    const { bot, backend, frontend, pairLines } = await cohort();
    const first = messageOf(await bot.run(tunde, 'project', 'show', { name: 'Capstone' }));
    // A learner with two long links and the two after them fill one field of 1,024.
    expect(first.embeds?.[0]?.fields?.map((f) => f.name)).toContain('Backend (45) · 1–3');
    // The long links fill the first page before its 20 lines.
    expect(pageLines(first).length).toBeLessThan(20);
    const forward = await pageThrough(bot, tunde, first, 'Next');

    const everyone = (pages: Message[]) => ({
      backend: boldNames(pages.flatMap((p) => sectionLines(p, 'Backend'))),
      frontend: boldNames(pages.flatMap((p) => sectionLines(p, 'Frontend'))),
      pairs: pages.flatMap((p) => sectionLines(p, 'Active pairs')),
    });
    const expected = {
      backend: backend.map((a) => a.name),
      frontend: frontend.map((a) => a.name),
      pairs: pairLines,
    };
    expect(everyone(forward)).toEqual(expected);

    // Back from the last page, Previous shows every line once too, each page ending where the
    // one it came from starts.
    const backward = await pageThrough(bot, tunde, forward.at(-1) as Message, 'Previous');
    expect(everyone(backward.reverse())).toEqual(expected);
    expect(toDiscordMessage(first).allowed_mentions).toEqual({ parse: [], users: [] });
  });

  it('keeps paging after a restart, and shows the last page for a start past the end', async () => {
    const { bot } = await cohort();
    const first = messageOf(await bot.run(tunde, 'project', 'show', { name: 'Capstone' }));
    const forward = await pageThrough(bot, tunde, first, 'Next');
    const next = button(first, 'Next');
    bot.restart();
    expect(messageOf(await bot.press(tunde, next?.customId ?? '')).embeds).toEqual(
      forward[1]?.embeds,
    );
    // The page that ends the list: the last pairs and as many members before them as fit.
    const stale = messageOf(await bot.press(tunde, 'project:show:capstone:9999'));
    const all = forward.flatMap(pageLines);
    expect(pageLines(stale)).toEqual(all.slice(all.length - pageLines(stale).length));
    expect(pageLines(stale).length).toBeGreaterThanOrEqual(
      pageLines(forward.at(-1) as Message).length,
    );
    expect(button(stale, 'Next')?.disabled).toBe(true);
    expect(button(stale, 'Previous')?.disabled).toBe(false);
  });

  it('shows each empty section once, on the page that reaches it', async () => {
    const bot = await createHarness();
    for (const actor of members('front', 25, 0))
      await bot.run(actor, 'project', 'join', { name: 'Capstone', role: 'frontend' });
    const first = messageOf(await bot.run(tunde, 'project', 'show', { name: 'Capstone' }));
    const pages = await pageThrough(bot, tunde, first, 'Next');
    const names = pages.map((p) => (p.embeds?.[0]?.fields ?? []).map((f) => f.name));
    expect(names).toEqual([
      ['Backend (0)', 'Frontend (25) · 1–20'],
      ['Frontend (25) · 21–25', 'Active pairs (0)'],
    ]);
    expect(textOf(await bot.press(tunde, 'project:show:gone:0'))).toBe(
      'That project no longer exists.',
    );
  });
});

describe('/pair candidates at cohort size', () => {
  const zones = ['Europe/London', 'Africa/Lagos', 'Europe/Athens', 'Asia/Dubai', 'Asia/Tokyo'];

  async function candidates(options: { departed?: Set<string> } = {}) {
    const bot = await createHarness(options);
    const backend = members('back', 25, 0);
    for (const [i, actor] of backend.entries())
      await bot.run(actor, 'project', 'join', {
        name: 'Capstone',
        role: 'backend',
        timezone: zones[i % zones.length] as string,
      });
    await bot.run(tunde, 'project', 'join', {
      name: 'Capstone',
      role: 'frontend',
      timezone: 'Europe/London',
    });
    return { bot, backend };
  }

  /** Each candidate line: its rank, the name and how far apart the clocks are. */
  const rankedNames = (pages: Message[]) =>
    pages.flatMap((p) =>
      [
        ...(p.embeds?.[0]?.description ?? '').matchAll(
          /^(\d+)\. \*\*(\w+)\*\* · [^(]+\(([^)]+)\)/gm,
        ),
      ].map(([, rank, name = '', apart = '']) => ({ rank: Number(rank), name, apart })),
    );

  it('pages privately, ten at a time, each candidate once in rank order', async () => {
    const { bot, backend } = await candidates();
    const first = messageOf(await bot.run(tunde, 'pair'));
    expect(first.ephemeral).toBe(true);
    expect(first.embeds?.[0]?.footer).toBe(
      '25 open to pairing · page 1/3 · Requests expire after 7 days.',
    );
    const requests = first.buttons?.flat().filter((b) => b.label.startsWith('Request'));
    expect(requests).toHaveLength(10);

    const pages = await pageThrough(bot, tunde, first, 'Next');
    expect(pages.map((p) => p.embeds?.[0]?.footer?.match(/page \d\/\d/)?.[0])).toEqual([
      'page 1/3',
      'page 2/3',
      'page 3/3',
    ]);
    const ranked = rankedNames(pages);
    expect(ranked.map((c) => c.rank)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(new Set(ranked.map((c) => c.name))).toEqual(new Set(backend.map((a) => a.name)));
    // Closest clocks first: London's own zone, then one, two, four and nine hours away.
    const order = ['same time', '1 h apart', '2 h apart', '4 h apart', '9 h apart'];
    const steps = ranked.map((c) => order.indexOf(c.apart));
    expect(steps).not.toContain(-1);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(
      pages
        .at(-1)
        ?.buttons?.flat()
        .filter((b) => b.label.startsWith('Request')),
    ).toHaveLength(5);
  });

  it('clamps a stale page to the last one, and pages after a restart', async () => {
    const { bot } = await candidates();
    const pages = await pageThrough(bot, tunde, messageOf(await bot.run(tunde, 'pair')), 'Next');
    bot.restart();
    const stale = await bot.press(tunde, 'pair:page:backend:99');
    expect(stale.type).toBe('update');
    expect(messageOf(stale).embeds).toEqual(pages.at(-1)?.embeds);
    expect(button(messageOf(stale), 'Next')?.disabled).toBe(true);
    expect(textOf(await bot.press(admin, 'pair:page:backend:1'))).toBe(
      'Join a project first: /project join name:<project> role:<backend|frontend>.',
    );
  });

  it('drops a candidate who left the server and refills the page without them', async () => {
    const probe = await candidates();
    const second = messageOf(await probe.bot.press(tunde, 'pair:page:backend:1'));
    const leaver = rankedNames([second])[0]?.name ?? '';
    const leaverId = probe.backend.find((a) => a.name === leaver)?.id ?? '';

    const { bot } = await candidates({ departed: new Set([leaverId]) });
    const refilled = messageOf(await bot.press(tunde, 'pair:page:backend:1'));
    const ranked = rankedNames([refilled]);
    expect(ranked.map((c) => c.rank)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(ranked.map((c) => c.name)).not.toContain(leaver);
    expect(refilled.embeds?.[0]?.footer).toContain('24 open to pairing');
    const stored = await bot.db.selectFrom('learners').select('user_id').execute();
    expect(stored.map((l) => l.user_id)).not.toContain(leaverId);
  });

  it('ranks by free partner slots, leaves full learners out and lists the caller’s partner last', async () => {
    const bot = await createHarness();
    const [busy, full, partner, free] = members('back', 4, 0) as [Actor, Actor, Actor, Actor];
    const other = member('other', '720000000000000900');
    for (const actor of [busy, full, partner, free])
      await bot.run(actor, 'project', 'join', {
        name: 'Capstone',
        role: 'backend',
        max_partners: actor === full ? 1 : 2,
      });
    await bot.run(other, 'project', 'join', { name: 'Capstone', role: 'frontend' });
    await bot.run(tunde, 'project', 'join', {
      name: 'Capstone',
      role: 'frontend',
      max_partners: 2,
    });
    const pair = (backend: Actor, frontend: Actor) =>
      insertPair(bot.db, {
        guildId,
        projectSlug: 'capstone',
        backendId: backend.id,
        frontendId: frontend.id,
        origin: 'request',
        now: bot.now(),
      });
    await pair(busy, other);
    await pair(full, other);
    await pair(partner, tunde);
    const text = textOf(await bot.run(tunde, 'pair'));
    expect(text).toContain(`1. **${free.name}** · UTC (same time) · 0/2 partners\n`);
    expect(text).toContain(`2. **${busy.name}** · UTC (same time) · 1/2 partners\n`);
    expect(text).toContain(
      `3. **${partner.name}** · UTC (same time) · 1/2 partners · already your partner`,
    );
    expect(text).not.toContain(full.name);
  });
});

describe('/project round at cohort size', () => {
  it('pages the preview: every proposed pair, then everyone left unmatched, once each', async () => {
    const bot = await createHarness();
    const backend = members('back', 40, 0);
    const frontend = members('front', 30, 100);
    for (const actor of backend)
      await bot.run(actor, 'project', 'join', { name: 'Capstone', role: 'backend' });
    for (const actor of frontend)
      await bot.run(actor, 'project', 'join', { name: 'Capstone', role: 'frontend' });
    const first = messageOf(await bot.run(admin, 'project', 'round'));
    expect(first.ephemeral).toBe(true);
    const pages = await pageThrough(bot, admin, first, 'Next');
    expect(pages).toHaveLength(2);
    const lines = pages.flatMap((p) => (p.content ?? '').split('\n'));
    const proposed = lines.filter((line) => line.startsWith('**Capstone**: '));
    expect(proposed).toHaveLength(30);
    expect(new Set(proposed.map((line) => line.split(' ↔ ')[1]))).toEqual(
      new Set(frontend.map((a) => a.name)),
    );
    const unmatched = lines.filter((line) => /^back\d+$/.test(line));
    expect(unmatched).toHaveLength(10);
    expect(lines).toContain('**New pairs (30) · 1–25**');
    expect(lines).toContain('**Unmatched (10)**');
    expect(textOf(await bot.press(tunde, 'project:round:0'))).toBe(
      'This button needs the Manage Server permission.',
    );
  });
});

describe('/project list', () => {
  it('clamps a stale page to the last one', async () => {
    const bot = await createHarness();
    for (const [i, actor] of members('lead', 12, 0).entries())
      await bot.run(actor, 'project', 'join', { name: `Project ${i}`, role: 'backend' });
    const stale = messageOf(await bot.press(tunde, 'project:list:7'));
    expect(stale.embeds?.[0]?.footer).toContain('12 projects · page 2/2');
    expect(stale.embeds?.[0]?.description?.split('\n')).toHaveLength(2);
  });
});
