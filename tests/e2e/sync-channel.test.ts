import { once } from 'node:events';
import {
  ApplicationCommandOptionType as OptionType,
  PermissionFlagsBits as P,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { clientPoster, restPoster } from '../../src/discord/rest-poster.js';
import { runSlot } from '../../src/sync/run.js';
import { tick } from '../../src/sync/scheduler.js';
import { getSettings } from '../../src/sync/settings.js';
import { botPerTest, newMember, type RunningBot, textOfCallback } from '../support/bot.js';
import { DEFAULT_CHANNEL_ID, DEFAULT_GUILD_ID, slashCommand } from '../support/discord-double.js';
import { syncDeps } from '../support/sync.js';

const start = botPerTest();
const nexusChannel = '1300000000000000012';
const nexusGuild = {
  id: DEFAULT_GUILD_ID,
  channels: [
    { id: DEFAULT_CHANNEL_ID, name: 'general' },
    { id: nexusChannel, name: 'prodev-project-nexus' },
  ],
};
const withNexusChannel = { guilds: [nexusGuild] };
const admin = newMember('admin', P.ManageGuild);

/** Runs a /sync subcommand as an admin and returns what the reply says. */
async function sync(
  running: RunningBot,
  sub: string,
  where: { guildId?: string; channelId?: string } = {},
  options: { type: OptionType.Channel; name: string; value: string }[] = [],
) {
  const { body } = await running.interact(
    slashCommand('sync', [{ type: OptionType.Subcommand, name: sub, options }], {
      member: admin,
      ...where,
    }),
  );
  const fields = (body.data?.embeds?.[0] as { fields?: { name: string; value: string }[] })?.fields;
  return [textOfCallback(body), ...(fields ?? []).map((f) => `${f.name}: ${f.value}`)].join('\n');
}

const adopted = (running: RunningBot, guildId: string, adoption = 'created') =>
  running.logs.waitFor(
    (l) => l.msg === 'sync-up channel adopted' && l.guildId === guildId && l.adoption === adoption,
  );

const channelOf = async (running: RunningBot, guildId = DEFAULT_GUILD_ID) =>
  (await getSettings(running.db, guildId))?.channel_id;

describe('the sync-up channel, with servers that arrive after login', () => {
  it('adopts #prodev-project-nexus once the server arrives, and /sync run-now posts there', async () => {
    const running = await start({ double: withNexusChannel });
    await adopted(running, DEFAULT_GUILD_ID);

    expect(await channelOf(running)).toBe(nexusChannel);
    expect(await sync(running, 'run-now')).toContain(`Posted the sync-up in <#${nexusChannel}>`);
    const posted = running.double.messagesIn(nexusChannel);
    expect(posted.map((m) => m.content.split(':')[0])).toEqual(['Weekly sync-up']);
  });

  it('adopts the channel of a server that was unavailable at start-up once it comes back', async () => {
    const running = await start({
      double: { guilds: [{ ...nexusGuild, unavailable: true }] },
      waitGuildTimeout: 50,
    });
    expect(running.client.guilds.cache.get(DEFAULT_GUILD_ID)?.available).toBe(false);
    expect(await channelOf(running)).toBeUndefined();

    running.double.guildBack(DEFAULT_GUILD_ID);
    await adopted(running, DEFAULT_GUILD_ID);
    expect(await channelOf(running)).toBe(nexusChannel);
  });

  it('adopts the channel of a server joined while running', async () => {
    const running = await start();
    const guildId = '1300000000000000900';
    const channelId = '1300000000000000901';
    running.double.joinGuild({
      id: guildId,
      channels: [{ id: channelId, name: 'prodev-project-nexus' }],
    });
    await adopted(running, guildId);

    expect(await sync(running, 'run-now', { guildId, channelId })).toContain(
      `Posted the sync-up in <#${channelId}>`,
    );
    expect(running.double.messagesIn(channelId)).toHaveLength(1);
  });

  it('adopts a #prodev-project-nexus created, or renamed into, after start-up', async () => {
    const running = await start();
    expect(await sync(running, 'show')).toContain('no sync-up channel here yet');

    const created = running.double.createChannel(DEFAULT_GUILD_ID, {
      name: 'prodev-project-nexus',
    });
    await adopted(running, DEFAULT_GUILD_ID);
    expect(await channelOf(running)).toBe(created);
    expect(await sync(running, 'run-now')).toContain(`Posted the sync-up in <#${created}>`);

    // A second server, whose #general is renamed.
    const guildId = '1300000000000000910';
    const general = '1300000000000000911';
    running.double.joinGuild({ id: guildId, channels: [{ id: general, name: 'general' }] });
    await once(running.client, 'guildCreate');
    running.double.updateChannel(general, { name: 'prodev-project-nexus' });
    await adopted(running, guildId);
    expect(await channelOf(running, guildId)).toBe(general);
  });

  it('keeps a channel chosen with /sync set across restarts and outages', async () => {
    let running = await start({ double: withNexusChannel });
    await adopted(running, DEFAULT_GUILD_ID);
    const channel = {
      type: OptionType.Channel as const,
      name: 'channel',
      value: DEFAULT_CHANNEL_ID,
    };
    expect(await sync(running, 'set', {}, [channel])).toContain(`in <#${DEFAULT_CHANNEL_ID}>`);

    running = await running.restart();
    await running.channelsSettled();
    expect(await channelOf(running)).toBe(DEFAULT_CHANNEL_ID);

    const back = once(running.client, 'guildAvailable');
    running.double.guildOutage(DEFAULT_GUILD_ID);
    running.double.guildBack(DEFAULT_GUILD_ID);
    await back;
    await running.channelsSettled();
    expect(await channelOf(running)).toBe(DEFAULT_CHANNEL_ID);
    expect(await sync(running, 'run-now')).toContain(
      `Posted the sync-up in <#${DEFAULT_CHANNEL_ID}>`,
    );
    expect(running.double.messagesIn(nexusChannel)).toEqual([]);
    expect(running.logs.lines.filter((l) => l.msg === 'sync-up channel adopted')).toEqual([]);
  });
});

describe('a sync-up channel the bot cannot use', () => {
  it('names a missing Send Messages in /sync show, refuses run-now, and a failed run says which', async () => {
    const running = await start({ double: withNexusChannel });
    await adopted(running, DEFAULT_GUILD_ID);
    const updated = once(running.client, 'channelUpdate');
    running.double.denyBot(nexusChannel, P.SendMessages);
    await updated;

    const lacks = `Nexus lacks Send Messages in <#${nexusChannel}>`;
    expect(await sync(running, 'show')).toContain(lacks);
    expect(await sync(running, 'run-now')).toContain(lacks);
    expect(running.double.messagesIn(nexusChannel)).toEqual([]);

    // A scheduled run does not ask first: Discord's 50013 is explained from the cached permissions.
    const poster = clientPoster(running.client);
    const deps = await syncDeps(running.db, poster);
    const now = new Date();
    const report = await runSlot(deps, DEFAULT_GUILD_ID, now, 'manual', now);
    expect(report).toMatchObject({ status: 'failed', sent: 0 });
    expect(report?.reason).toBe(`Missing Permissions (50013): ${lacks}`);
  });

  it('reports a deleted sync-up channel, stops posting there, and adopts a new one', async () => {
    const running = await start({ double: withNexusChannel });
    await adopted(running, DEFAULT_GUILD_ID);

    running.double.deleteChannel(nexusChannel);
    await running.logs.waitFor((l) => l.msg === 'sync-up channel deleted');
    const deleted = `The sync-up channel <#${nexusChannel}> was deleted`;
    expect(await sync(running, 'show')).toContain(deleted);
    expect(await sync(running, 'run-now')).toContain(deleted);
    // The scheduler skips it: no run, so none fails every week on Unknown Channel.
    const deps = await syncDeps(running.db, restPoster(running.client.rest));
    await tick(deps, new Date(Date.now() + 8 * 24 * 3600 * 1000));
    expect(running.double.requests.filter((r) => r.status === 404)).toEqual([]);

    const replacement = running.double.createChannel(DEFAULT_GUILD_ID, {
      name: 'prodev-project-nexus',
    });
    await adopted(running, DEFAULT_GUILD_ID, 'moved');
    expect(await sync(running, 'show')).toContain(`Channel: <#${replacement}>`);
    expect(await sync(running, 'run-now')).toContain(`Posted the sync-up in <#${replacement}>`);
  });

  it('notices a sync-up channel deleted while the bot was offline', async () => {
    let running = await start({ double: withNexusChannel });
    await adopted(running, DEFAULT_GUILD_ID);
    running = await running.restart(() => running.double.deleteChannel(nexusChannel));
    await running.logs.waitFor((l) => l.msg === 'sync-up channel deleted');

    expect(await sync(running, 'show')).toContain(`<#${nexusChannel}> was deleted`);
  });
});
