import { once } from 'node:events';
import {
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  SlashCommandBuilder,
  type TextChannel,
} from 'discord.js';
import {
  MessageFlags,
  ApplicationCommandOptionType as OptionType,
  Routes,
} from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  autocomplete,
  buttonPress,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  type DiscordDouble,
  modalSubmit,
  slashCommand,
  startDiscordDouble,
} from '../support/discord-double.js';

let double: DiscordDouble;
let client: Client;

async function connect(): Promise<Client> {
  const bot = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: double.apiBase } });
  const ready = once(bot, Events.ClientReady);
  await bot.login('test-token');
  await ready;
  return bot;
}

/** Runs `handler` on the next interaction; settles when the handler has finished. */
function onNextInteraction(handler: (interaction: Interaction) => Promise<unknown>) {
  return new Promise<void>((resolve, reject) => {
    client.once(Events.InteractionCreate, (interaction) => {
      handler(interaction).then(() => resolve(), reject);
    });
  });
}

const callbacksFor = (id: string) =>
  double.requests.filter((r) => r.path.includes(`/interactions/${id}/`));
const channel = () => client.channels.cache.get(DEFAULT_CHANNEL_ID) as TextChannel;
const reply = (content: string) => async (interaction: Interaction) => {
  if (!interaction.isRepliable()) throw new Error(`not repliable: ${interaction.type}`);
  await interaction.reply({ content });
};

beforeEach(async () => {
  double = await startDiscordDouble();
  client = await connect();
});

afterEach(async () => {
  await client.destroy();
  await double.close();
});

describe('discord double', () => {
  it('brings the real client to ready with the configured guild', () => {
    const guild = client.guilds.cache.get(DEFAULT_GUILD_ID);
    expect(double.identifyCount).toBe(1);
    expect(client.user?.id).toBe(double.bot.id);
    expect(guild?.available).toBe(true);
    expect(guild?.members.me?.id).toBe(double.bot.id);
    expect(guild?.roles.everyone.permissions.has('SendMessages')).toBe(true);
    expect(channel().isTextBased()).toBe(true);
  });

  it('delivers a nested slash command and records a validated reply', async () => {
    let seen: unknown;
    const handled = onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a slash command');
      const { options } = interaction;
      seen = [options.getSubcommandGroup(), options.getSubcommand(), options.getString('text')];
      await interaction.reply({ content: 'ok' });
    });
    const text = { type: OptionType.String as const, name: 'text', value: 'hello' };
    const add = { type: OptionType.Subcommand as const, name: 'add', options: [text] };
    const before = performance.now();
    const { id, token, sentAt } = double.dispatchInteraction(
      slashCommand('learn', [{ type: OptionType.SubcommandGroup, name: 'notes', options: [add] }]),
    );
    await handled;

    const callback = await double.waitForRequest({ pathIncludes: `/${id}/${token}/callback` });
    // The latency probe's clock: the dispatch left, then the callback arrived, on one timeline.
    expect(before).toBeLessThanOrEqual(sentAt);
    expect(sentAt).toBeLessThan(callback.arrivedAt);
    expect(callback.arrivedAt).toBeLessThanOrEqual(performance.now());
    expect(seen).toEqual(['notes', 'add', 'hello']);
    expect(callback).toMatchObject({ method: 'POST', status: 204 });
    expect(callback.body).toEqual({ type: 4, data: expect.objectContaining({ content: 'ok' }) });
    expect(double.validationErrors).toEqual([]);
  });

  it('rate-limits a callback with 429 and sees discord.js retry it', async () => {
    double.failNext(
      { method: 'POST', pathIncludes: '/callback' },
      { status: 429, retryAfter: 0.1 },
    );
    const handled = onNextInteraction(reply('eventually'));
    const { id } = double.dispatchInteraction(slashCommand('ping'));
    await handled;

    const [limited, retried] = callbacksFor(id);
    expect(callbacksFor(id).map((r) => r.status)).toEqual([429, 204]);
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(100);
  });

  it('answers one 500 and sees the REST client retry', async () => {
    double.failNext({ method: 'POST', pathIncludes: '/messages' }, { status: 500 });
    const sent = await channel().send('after a hiccup');

    const posts = double.requests.filter((r) => r.path.endsWith('/messages'));
    expect(posts.map((r) => r.status)).toEqual([500, 200]);
    expect(double.messages.map((m) => m.id)).toEqual([sent.id]);
  });

  it('surfaces 403 and unknown-member errors as DiscordAPIErrors', async () => {
    double.failNext({ pathIncludes: '/messages' }, { status: 403 });
    await expect(channel().send('nope')).rejects.toMatchObject({ status: 403, code: 50001 });
    const guild = client.guilds.cache.get(DEFAULT_GUILD_ID);
    await expect(guild?.members.fetch('1399999999999999999')).rejects.toMatchObject({
      status: 404,
      code: 10007,
    });
  });

  it('reports a body that breaks the API schema', async () => {
    const body = { embeds: [{ title: 123 }] };
    await client.rest.post(Routes.channelMessages(DEFAULT_CHANNEL_ID), { body });

    expect(double.validationErrors).toHaveLength(1);
    await expect(double.waitForRequest({ pathIncludes: '/messages' })).rejects.toThrow(
      /POST \/channels\/:id\/messages[\s\S]*embeds\[0\]\.title: .*expected string, received number/,
    );
  });

  it('resumes after a dropped socket and replays what was missed', async () => {
    const replayed = onNextInteraction(reply('replayed'));
    double.dropSocket();
    const missed = double.dispatchInteraction(slashCommand('ping'));
    await double.waitForResume();
    await replayed;

    const answered = onNextInteraction(reply('after resume'));
    const next = double.dispatchInteraction(slashCommand('ping'));
    await answered;
    await double.waitForRequest({ pathIncludes: `/${next.id}/${next.token}/callback` });
    expect(callbacksFor(missed.id).map((r) => r.status)).toEqual([204]);
    expect([double.identifyCount, double.resumeCount]).toEqual([1, 1]);
  });

  it('creates one message for a repeated enforced nonce', async () => {
    const options = { content: 'once', nonce: 'nexus-nonce-1', enforceNonce: true };
    const first = await channel().send(options);
    const second = await channel().send(options);

    expect(second.id).toBe(first.id);
    expect(double.requests.filter((r) => r.path.endsWith('/messages'))).toHaveLength(2);
    expect(double.messages).toHaveLength(1);
  });

  it('supports deferral, edits, follow-ups and with_response', async () => {
    const handled = onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a slash command');
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply('done');
      await interaction.followUp({ content: 'more', flags: MessageFlags.Ephemeral });
    });
    const { token } = double.dispatchInteraction(slashCommand('sync'));
    await handled;
    const edit = await double.waitForRequest({
      method: 'PATCH',
      pathIncludes: `${token}/messages/@original`,
    });
    expect(edit.body).toMatchObject({ content: 'done' });
    const followUp = await double.waitForRequest(
      (r) => r.method === 'POST' && r.path.endsWith(token),
    );
    expect(followUp.body).toMatchObject({ content: 'more', flags: MessageFlags.Ephemeral });

    const withResponse = onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a slash command');
      const response = await interaction.reply({ content: 'hi', withResponse: true });
      expect(response.resource?.message?.content).toBe('hi');
    });
    double.dispatchInteraction(slashCommand('hello'));
    await withResponse;
    expect(double.validationErrors).toEqual([]);
  });

  it('builds buttons, modals and autocomplete the way discord.js parses them', async () => {
    const pressed = onNextInteraction(async (interaction) => {
      if (!interaction.isButton()) throw new Error('expected a button');
      expect(interaction.customId).toBe('nexus:confirm');
      await interaction.update({ content: 'confirmed', components: [] });
    });
    double.dispatchInteraction(buttonPress('nexus:confirm'));
    await pressed;

    const submitted = onNextInteraction(async (interaction) => {
      if (!interaction.isModalSubmit()) throw new Error('expected a modal submit');
      await interaction.reply(`got ${interaction.fields.getTextInputValue('summary')}`);
    });
    const modal = double.dispatchInteraction(modalSubmit('nexus:learn', { summary: 'zod 4' }));
    await submitted;
    const modalReply = await double.waitForRequest({ pathIncludes: `/${modal.id}/` });
    expect(modalReply.body).toMatchObject({ data: { content: 'got zod 4' } });

    const completed = onNextInteraction(async (interaction) => {
      if (!interaction.isAutocomplete()) throw new Error('expected autocomplete');
      const typed = interaction.options.getFocused();
      await interaction.respond([{ name: `${typed}script`, value: `${typed}script` }]);
    });
    const focused = {
      type: OptionType.String as const,
      name: 'topic',
      value: 'type',
      focused: true,
    };
    const ac = double.dispatchInteraction(autocomplete('learn', [focused]));
    await completed;
    const choices = await double.waitForRequest({ pathIncludes: `/${ac.id}/` });
    expect(choices.body).toEqual({
      type: 8,
      data: { choices: [{ name: 'typescript', value: 'typescript' }] },
    });
    expect(double.validationErrors).toEqual([]);
  });

  it('echoes registered commands and validates them against the spec', async () => {
    const command = new SlashCommandBuilder()
      .setName('learn')
      .setDescription('Share a learning')
      .setDefaultMemberPermissions(0n)
      .addStringOption((o) => o.setName('topic').setDescription('Topic').setAutocomplete(true));
    const registered = await client.application?.commands.set([command.toJSON()], DEFAULT_GUILD_ID);

    expect(registered?.first()?.name).toBe('learn');
    const put = await double.waitForRequest({ method: 'PUT', pathIncludes: '/commands' });
    expect(put.path).toContain(`/guilds/${DEFAULT_GUILD_ID}/commands`);
  });
});
