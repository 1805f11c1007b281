import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { toDiscordMessage } from '../../src/discord/render.js';
import { joinProject } from '../../src/pairing/projects.js';
import { PostError } from '../../src/sync/poster.js';
import { tick } from '../../src/sync/scheduler.js';
import {
  admin,
  amina,
  channelId,
  createHarness,
  guildId,
  type Harness,
  messageOf,
  modalOf,
  textOf,
  tunde,
} from '../support/harness.js';

const week = 7 * 24 * 60 * 60 * 1000;

/** The scheduler's view of the harness: its database and recording poster. */
const schedulerOf = (bot: Harness) => ({
  db: bot.db,
  poster: bot.poster.poster,
  shippedPrompts: [],
  log: pino({ level: 'silent' }),
});

async function withPair(bot: Harness) {
  for (const [user, role] of [
    [amina, 'backend'],
    [tunde, 'frontend'],
  ] as const) {
    await joinProject(bot.db, {
      guildId,
      user,
      projectName: 'ALX Travel App',
      role,
      defaultTimezone: 'UTC',
      now: bot.now(),
    });
  }
  await bot.run(admin, 'sync', 'set', {
    channel: channelId,
    cron: '0 9 * * 1',
    timezone: 'Africa/Lagos',
  });
}

describe('/sync', () => {
  it('is for Manage Server only, declared on the command and checked by the guard', async () => {
    const bot = await createHarness();
    const { commands } = await import('../../commands/index.js');
    const definition = commands.find((c) => c.definition.name === 'sync')?.definition;
    expect(definition?.default_member_permissions).toBe(String(1 << 5));
    for (const path of [
      'show',
      'set',
      'pause',
      'resume',
      'run-now',
      'prompt add',
      'prompt list',
      'prompt remove',
    ]) {
      expect(
        textOf(await bot.run(amina, 'sync', path, path === 'prompt remove' ? { id: 1 } : {})),
      ).toBe(`/sync ${path} needs the Manage Server permission.`);
    }
  });

  it('sets and shows the schedule in words, with the next three runs and the last outcome', async () => {
    const bot = await createHarness();
    expect(textOf(await bot.run(admin, 'sync', 'show'))).toContain('no sync-up channel here yet');
    const set = textOf(
      await bot.run(admin, 'sync', 'set', {
        channel: channelId,
        cron: '0 9 * * 1',
        timezone: 'Africa/Lagos',
      }),
    );
    expect(set).toContain('every Monday at 09:00, Africa/Lagos');
    const shown = textOf(await bot.run(admin, 'sync', 'show'));
    expect(shown).toContain('every Monday at 09:00, Africa/Lagos (`0 9 * * 1`)');
    expect(shown).toContain(`<#${channelId}>`);
    expect(shown.match(/<t:\d+:F>/g)).toHaveLength(3);
    expect(shown).toContain('<t:1795420800:F>');
    expect(shown).toContain('active · auto-pairing on · grace 6 h');
    expect(shown).toContain('none yet');
    await bot.run(admin, 'sync', 'set', { auto_pair: false, grace_hours: 2 });
    expect(textOf(await bot.run(admin, 'sync', 'show'))).toContain(
      'active · auto-pairing off · grace 2 h',
    );
  });

  it('refuses an invalid cron expression or timezone with an example, changing nothing', async () => {
    const bot = await createHarness();
    await bot.run(admin, 'sync', 'set', { channel: channelId });
    expect(textOf(await bot.run(admin, 'sync', 'set', { cron: 'every monday' }))).toBe(
      'The option `cron` isn\'t valid: invalid cron expression "every monday" (it needs five fields: minute hour day month weekday). Example: 0 9 * * 1 is every Monday at 09:00.',
    );
    expect(textOf(await bot.run(admin, 'sync', 'set', { cron: '0 25 * * 1' }))).toContain(
      'Example: 0 9 * * 1',
    );
    expect(textOf(await bot.run(admin, 'sync', 'set', { timezone: 'Lagos' }))).toBe(
      'The option `timezone` isn\'t valid: Unknown timezone "Lagos". Use an IANA name such as Africa/Lagos or Europe/London.',
    );
    expect(await bot.db.selectFrom('sync_settings').select(['cron', 'timezone']).execute()).toEqual(
      [{ cron: '0 9 * * 1', timezone: 'UTC' }],
    );
  });

  it("runs now: the prompt, and the pairs in a digest in the week's thread; reports a refusing channel", async () => {
    const bot = await createHarness();
    await withPair(bot);
    expect(textOf(await bot.run(admin, 'sync', 'run-now'))).toBe(
      `Posted the sync-up in <#${channelId}>: 2 messages, the pairs in 1 thread.`,
    );
    const [prompt, digest] = bot.posts;
    expect(prompt?.message.content).toMatch(/^Weekly sync-up: .*\nThis week: 1 pair, 1 new\./);
    expect(prompt?.channelId).toBe(channelId);
    expect(digest?.message.content).toBe(
      `**ALX Travel App** · pairs 1–1 of 1\n<@${amina.id}> ↔ <@${tunde.id}> · new`,
    );
    // The thread is started from the prompt, so it has the prompt's id.
    expect(digest?.channelId).toBe(prompt?.id);
    expect([...bot.poster.threads.values()]).toEqual([
      { id: prompt?.id, parentId: channelId, name: 'Sync-up · 2026-W47' },
    ]);
    expect(toDiscordMessage(digest?.message ?? {}).allowed_mentions).toEqual({
      parse: [],
      users: [amina.id, tunde.id],
    });
    bot.advance(60_000);
    bot.poster.failWith(new PostError('Unknown Channel (10003)', true));
    expect(textOf(await bot.run(admin, 'sync', 'run-now'))).toContain(
      'The sync-up failed: Unknown Channel (10003).',
    );
    expect(textOf(await bot.run(admin, 'sync', 'show'))).toContain('failed, ');
    expect(textOf(await bot.run(admin, 'sync', 'show'))).toContain('Unknown Channel (10003)');
  });

  it("rotates prompts in order, the server's own once it has some", async () => {
    const bot = await createHarness();
    await bot.run(admin, 'sync', 'set', { channel: channelId });
    const modal = modalOf(await bot.run(admin, 'sync', 'prompt add'));
    expect(textOf(await bot.submit(amina, modal.customId, { text: 'Sneaky' }))).toBe(
      'This form needs the Manage Server permission.',
    );
    expect(textOf(await bot.submit(admin, modal.customId, { text: '   ' }))).toBe(
      'Prompt is required. Nothing was saved.',
    );
    await bot.submit(admin, modal.customId, { text: 'First: what did you ship?' });
    await bot.submit(admin, modal.customId, { text: 'Second: what blocks you?' });
    expect(textOf(await bot.run(admin, 'sync', 'prompt list'))).toMatch(
      /▶ #\d+ · First[\s\S]*#\d+ · Second/,
    );
    for (let i = 0; i < 3; i++) {
      await bot.run(admin, 'sync', 'run-now');
      bot.advance(60_000);
    }
    expect(
      bot.posts
        .filter((p) => p.message.content?.startsWith('Weekly'))
        .map((p) => p.message.content),
    ).toEqual([
      'Weekly sync-up: First: what did you ship?',
      'Weekly sync-up: Second: what blocks you?',
      'Weekly sync-up: First: what did you ship?',
    ]);
    const [first] = await bot.db.selectFrom('sync_prompts').select('id').orderBy('id').execute();
    expect(textOf(await bot.run(admin, 'sync', 'prompt remove', { id: first?.id ?? 0 }))).toBe(
      `Removed prompt #${first?.id}.`,
    );
    expect(textOf(await bot.run(admin, 'sync', 'prompt remove', { id: 999 }))).toBe(
      'No prompt #999 of this server.',
    );
  });
});

describe('check-ins', () => {
  it('asks each pair the next week whether they met; only the pair answers; buttons survive a restart', async () => {
    const bot = await createHarness();
    await withPair(bot);
    const deps = schedulerOf(bot);
    await tick(deps, new Date('2026-11-23T08:00:00Z'));
    expect(bot.posts.at(-1)?.message.buttons).toBeUndefined();
    await tick(deps, new Date('2026-11-30T08:00:00Z'));
    const digest = bot.posts.at(-1)?.message;
    expect(digest?.content).toContain('Did you meet your partner last week?');
    const [yes, no] = digest?.buttons?.flat() ?? [];
    expect([yes?.label, no?.label]).toEqual(['Yes, we met', 'Not this time']);
    expect(yes?.customId).toMatch(/^sync:checkin:[0-9a-z]+:yes$/);
    bot.restart();
    expect(textOf(await bot.press(admin, yes?.customId ?? ''))).toContain('you have none in it');
    expect(textOf(await bot.press(amina, yes?.customId ?? ''))).toContain('noted that you met');
    expect(textOf(await bot.press(tunde, no?.customId ?? ''))).toContain('Noted.');
    const answers = await bot.db
      .selectFrom('sync_checkins')
      .select(['user_id', 'answer', 'slot'])
      .orderBy('user_id')
      .execute();
    expect(answers).toEqual([
      { user_id: amina.id, answer: 'yes', slot: '2026-11-30T08:00:00.000Z' },
      { user_id: tunde.id, answer: 'no', slot: '2026-11-30T08:00:00.000Z' },
    ]);
  });

  it('still answers the per-pair buttons posted before digests', async () => {
    const bot = await createHarness();
    await withPair(bot);
    const deps = schedulerOf(bot);
    await tick(deps, new Date('2026-11-23T08:00:00Z'));
    await tick(deps, new Date('2026-11-30T08:00:00Z'));
    const pair = await bot.db.selectFrom('pairs').select('id').executeTakeFirstOrThrow();
    const week = Math.floor(Date.parse('2026-11-30T08:00:00Z') / 1000).toString(36);
    const old = `sync:met:${pair.id}:${week}:yes`;
    expect(textOf(await bot.press(admin, old))).toBe(
      'Only the two members of this pair can answer.',
    );
    expect(textOf(await bot.press(amina, old))).toContain('noted that you met');
    expect(textOf(await bot.press(amina, `sync:met:${pair.id}:not-a-week:yes`))).toBe(
      'This check-in is no longer valid.',
    );
    const answer = await bot.db
      .selectFrom('sync_checkins')
      .select('answer')
      .where('user_id', '=', amina.id)
      .executeTakeFirst();
    expect(answer?.answer).toBe('yes');
  });

  it('asks a learner with several pairs which one the answer is for', async () => {
    const bot = await createHarness();
    await withPair(bot);
    const zara = { id: '700000000000000009', name: 'zara', permissions: new Set<never>() };
    await joinProject(bot.db, {
      guildId,
      user: zara,
      projectName: 'ALX Travel App',
      role: 'frontend',
      defaultTimezone: 'UTC',
      now: bot.now(),
    });
    await joinProject(bot.db, {
      guildId,
      user: amina,
      projectName: 'ALX Travel App',
      role: 'backend',
      maxPartners: 2,
      defaultTimezone: 'UTC',
      now: bot.now(),
    });
    const deps = schedulerOf(bot);
    await tick(deps, new Date('2026-11-23T08:00:00Z'));
    await tick(deps, new Date('2026-11-30T08:00:00Z'));
    const yes = bot.posts.at(-1)?.message.buttons?.flat()[0]?.customId ?? '';

    const choice = messageOf(await bot.press(amina, yes));
    expect(choice.ephemeral).toBe(true);
    expect(choice.content).toBe('You have 2 partners this week. Which pair met?');
    const options = choice.buttons?.flat() ?? [];
    expect(options.map((b) => b.label).sort()).toEqual(['With tunde', 'With zara']);
    const withZara = options.find((b) => b.label === 'With zara')?.customId ?? '';
    expect(textOf(await bot.press(amina, withZara))).toContain('noted that you met');
    const answered = await bot.db
      .selectFrom('sync_checkins as c')
      .innerJoin('pairs as p', 'p.id', 'c.pair_id')
      .select(['p.frontend_id', 'c.answer'])
      .where('c.user_id', '=', amina.id)
      .orderBy('p.frontend_id')
      .execute();
    expect(answered).toEqual([
      { frontend_id: tunde.id, answer: null },
      { frontend_id: zara.id, answer: 'yes' },
    ]);
  });

  it('pauses a learner who answers nothing for three weeks in a row, and says how to resume', async () => {
    const bot = await createHarness();
    await withPair(bot);
    const deps = schedulerOf(bot);
    let slot = Date.parse('2026-11-23T08:00:00Z');
    for (let i = 0; i < 4; i++, slot += week) await tick(deps, new Date(slot));
    const digest = bot.posts.filter((p) => p.message.buttons).at(-1)?.message;
    await bot.press(tunde, digest?.buttons?.flat()[0]?.customId ?? '');
    await tick(deps, new Date(slot));
    const notices = bot.posts
      .filter((p) => p.message.content?.includes('you are paused from new pairings'))
      .map((p) => p.message);
    expect(notices.map((m) => m.mentions)).toEqual([[amina.id]]);
    expect(notices[0]?.content).toContain('/project resume');
    const learners = await bot.db
      .selectFrom('learners')
      .select(['user_id', 'paused'])
      .orderBy('user_id')
      .execute();
    expect(learners).toEqual([
      { user_id: amina.id, paused: 1 },
      { user_id: tunde.id, paused: 0 },
    ]);
    expect(messageOf(await bot.run(amina, 'project', 'resume')).content).toContain('Welcome back');
  });
});
