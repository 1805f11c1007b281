import {
  type APIApplicationCommandInteractionDataOption,
  ApplicationCommandOptionType as OptionType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { memberDirectory } from '../../src/discord/client.js';
import type { Command } from '../../src/interaction/command.js';
import { defineCommand, route } from '../../src/interaction/declare.js';
import { addLearning, listLearnings } from '../../src/learnings/learnings.js';
import {
  botPerTest,
  buttonsOf,
  type CallbackBody,
  newMember,
  type RunningBot,
  textOfCallback,
} from '../support/bot.js';
import { topicBySlug } from '../support/db.js';
import {
  autocomplete,
  buttonPress,
  type DoubleMember,
  modalSubmit,
  slashCommand,
} from '../support/discord-double.js';

const EPHEMERAL = 64;
const CALLBACK = { reply: 4, update: 7, choices: 8, modal: 9 } as const;

const startBot = botPerTest();
const start = (extraCommands: Command[] = []) => startBot({ extraCommands });

const text = (name: string, value: string) => ({ type: OptionType.String as const, name, value });
const learning = (topic: string, member?: DoubleMember) =>
  slashCommand('learning', [text('topic', topic)], member ? { member } : {});
const nexus = (
  sub: string,
  options: APIApplicationCommandInteractionDataOption[] = [],
  member?: DoubleMember,
) =>
  slashCommand(
    'nexus',
    [
      {
        type: OptionType.Subcommand,
        name: sub,
        options,
      } as APIApplicationCommandInteractionDataOption,
    ],
    member ? { member } : {},
  );

async function learningRow(running: RunningBot, id: number) {
  return running.db.selectFrom('learnings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A polite private answer: ephemeral, no error reference, nothing logged as an error. */
function expectPoliteNotice(running: RunningBot, body: CallbackBody, content: string | RegExp) {
  expect(body.type).toBe(CALLBACK.reply);
  expect(body.data?.flags).toBe(EPHEMERAL);
  if (typeof content === 'string') expect(body.data?.content).toBe(content);
  else expect(body.data?.content).toMatch(content);
  expect(body.data?.content).not.toMatch(/reference/);
  expect(running.errors()).toEqual([]);
}

describe('the real bot over the Discord double', () => {
  it('answers /learning docker with the Docker embed and an "Add a learning" button', async () => {
    const running = await start();
    const { body } = await running.interact(learning('docker'));

    expect(body.type).toBe(CALLBACK.reply);
    expect(body.data?.flags ?? 0).toBe(0); // public
    const [embed] = body.data?.embeds ?? [];
    expect(embed?.title).toBe('Docker');
    expect(embed?.description).toContain('Dockerfile');
    expect(embed?.footer?.text).toMatch(/^Learnings 1–\d+ of \d+ · \/learning docker$/);
    const docker = await topicBySlug(running.db, 'docker');
    expect(buttonsOf(body)).toContainEqual(
      expect.objectContaining({ label: 'Add a learning', custom_id: `learning:add:${docker.id}` }),
    );
    expect(running.errors()).toEqual([]);
  });

  it('keeps no member or user it has seen, so one who left the server is found gone', async () => {
    const running = await start();
    const [stays, leaves] = [newMember('stays'), newMember('leaves')];
    await running.interact(learning('docker', stays));
    await running.interact(learning('docker', leaves));

    const guild = running.client.guilds.cache.get(running.guildId);
    expect(guild?.members.cache.has(stays.id)).toBe(false);
    expect(running.client.users.cache.has(stays.id)).toBe(false);
    expect(guild?.members.me?.id).toBe(running.client.user?.id);
    running.double.removeMember(running.guildId, leaves.id);
    const directory = memberDirectory(running.client, running.guildId);
    expect(await directory.isMember(stays.id)).toBe(true);
    expect(await directory.isMember(leaves.id)).toBe(false);
  });

  describe('autocomplete for /learning', () => {
    const typed = (value: string, member: DoubleMember) =>
      autocomplete('learning', [{ type: OptionType.String, name: 'topic', value, focused: true }], {
        member,
      });

    it('answers an empty value with at most 25 topics', async () => {
      const running = await start();
      const { body } = await running.interact(typed('', newMember('ac-empty')));
      const topics = await running.db.selectFrom('topics').select('slug').execute();

      expect(body.type).toBe(CALLBACK.choices);
      const choices = body.data?.choices ?? [];
      expect(choices).toHaveLength(Math.min(25, topics.length));
      expect(choices.length).toBeGreaterThan(0);
      for (const choice of choices) expect(topics.map((t) => t.slug)).toContain(choice.value);
    });

    it.each([
      ['redis', 'redis', /^Redis$/],
      ['k8s', 'kubernetes', /^Kubernetes/],
      ['dock', 'docker', /^Docker$/],
      ['Kubern', 'kubernetes', /^Kubernetes$/],
    ])('ranks the best match first for %j', async (value, slug, name) => {
      const running = await start();
      const { body } = await running.interact(typed(value, newMember(`ac-${slug}`)));

      expect(body.type).toBe(CALLBACK.choices);
      const choices = body.data?.choices ?? [];
      expect(choices.length).toBeGreaterThan(0);
      expect(choices.length).toBeLessThanOrEqual(25);
      expect(choices[0]?.value).toBe(slug);
      expect(choices[0]?.name).toMatch(name);
    });
  });

  it('pages a long topic with a Next button that updates the message to page 2', async () => {
    const running = await start();
    const docker = await topicBySlug(running.db, 'docker');
    const shipped = await listLearnings(running.db, running.guildId, docker.id);
    const total = shipped.length + 20;
    for (let i = 1; i <= 20; i++) {
      await addLearning(running.db, {
        guildId: running.guildId,
        topicId: docker.id,
        author: { id: '1300000000000000777', name: 'pager' },
        title: `Community tip ${i}`,
        body: `Tip number ${i}: ${'keep images small and layers cached. '.repeat(4)}`,
        now: new Date(),
      });
    }
    const first = await running.interact(learning('docker'));
    const footer = first.body.data?.embeds?.[0]?.footer?.text ?? '';
    const shown = Number(new RegExp(`^Learnings 1–(\\d+) of ${total} · `).exec(footer)?.[1]);
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(total);
    const next = buttonsOf(first.body).find((b) => b.label?.includes('Next'));
    const previous = buttonsOf(first.body).find((b) => b.label?.includes('Previous'));
    expect(next).toMatchObject({
      custom_id: `learning:page:${docker.id}:${shown}`,
      disabled: false,
    });
    expect(previous).toMatchObject({ disabled: true });

    const message = await running.original(first.token);
    const presser = newMember('presser');
    const press = await running.interact(
      buttonPress(next?.custom_id ?? '', message as unknown as Record<string, unknown>, {
        member: presser,
      }),
    );

    expect(press.body.type).toBe(CALLBACK.update);
    const page2 = press.body.data?.embeds?.[0];
    expect(page2?.title).toBe('Docker');
    expect(page2?.footer?.text).toMatch(
      new RegExp(`^Learnings ${shown + 1}–\\d+ of ${total} · /learning docker$`),
    );
    expect(page2?.description).not.toBe(first.body.data?.embeds?.[0]?.description);
    expect(buttonsOf(press.body).find((b) => b.label?.includes('Previous'))).toMatchObject({
      custom_id: `learning:page:${docker.id}:0`,
      disabled: false,
    });
    // The double applied the update to the very message the reply created.
    const updated = await running.original(first.token);
    expect(updated.id).toBe(message.id);
    expect(updated.embeds[0]?.footer?.text).toBe(page2?.footer?.text);
  });

  it('adds a learning through /nexus add and its modal, stored with the member as author', async () => {
    const running = await start();
    const author = newMember('amina');
    const opened = await running.interact(nexus('add', [], author));

    expect(opened.body.type).toBe(CALLBACK.modal);
    const modal = opened.body.data as unknown as {
      custom_id: string;
      components: { components: { custom_id: string }[] }[];
    };
    const fieldIds = modal.components.flatMap((row) => row.components.map((c) => c.custom_id));
    expect(fieldIds).toEqual(['topic', 'title', 'body']);

    const submitted = await running.interact(
      modalSubmit(
        modal.custom_id,
        {
          topic: 'dockerfile', // an alias of Docker
          title: 'Pin base images',
          body: 'Use python:3.12-slim, never latest.',
        },
        { member: author },
      ),
    );

    expect(submitted.body.type).toBe(CALLBACK.reply);
    const content = submitted.body.data?.content ?? '';
    const id = Number(/^Saved learning #(\d+) under \*\*Docker\*\*/.exec(content)?.[1]);
    expect(id).toBeGreaterThan(0);
    const docker = await topicBySlug(running.db, 'docker');
    expect(await learningRow(running, id)).toMatchObject({
      topic_id: docker.id,
      guild_id: running.guildId,
      origin: 'community',
      author_id: author.id,
      author_name: 'amina',
      title: 'Pin base images',
      body: 'Use python:3.12-slim, never latest.',
    });
    expect(running.errors()).toEqual([]);
  });

  it('adds a learning from the "Add a learning" button under a topic', async () => {
    const running = await start();
    const author = newMember('zara');
    const shown = await running.interact(learning('redis', author));
    const add = buttonsOf(shown.body).find((b) => b.label === 'Add a learning');
    const message = await running.original(shown.token);

    const opened = await running.interact(
      buttonPress(add?.custom_id ?? '', message as unknown as Record<string, unknown>, {
        member: author,
      }),
    );
    expect(opened.body.type).toBe(CALLBACK.modal);
    const customId = String(opened.body.data?.custom_id);
    const redis = await topicBySlug(running.db, 'redis');
    expect(customId).toBe(`learning:submit:${redis.id}`);

    // A modal opened from a button arrives with the message the button sits on.
    const submitted = await running.interact(
      modalSubmit(
        customId,
        { title: 'Expire keys', body: 'Set a TTL on every cache key.' },
        { member: author, message: message as unknown as Record<string, unknown> },
      ),
    );
    expect(submitted.body.type).toBe(CALLBACK.reply);
    const id = Number(
      /^Saved learning #(\d+) under \*\*Redis\*\*/.exec(submitted.body.data?.content ?? '')?.[1],
    );
    expect(await learningRow(running, id)).toMatchObject({
      topic_id: redis.id,
      author_id: author.id,
      title: 'Expire keys',
    });
  });

  it('answers /search with hostile text normally', async () => {
    const running = await start();
    const pieces = [
      '"',
      "'",
      '*',
      'NEAR(',
      ')',
      '-',
      'OR',
      'AND',
      'NOT',
      '^',
      '🐳',
      '🔥',
      'docker',
    ];
    let long = '';
    while (long.length < 1000) long += `${pieces[long.length % pieces.length]} `;
    long = long.slice(0, 999).trimEnd();
    long += 'x'.repeat(1000 - long.length);
    expect(long).toHaveLength(1000);
    const queries = [
      '"unbalanced quote',
      'docker*',
      'NEAR(docker compose)',
      '-docker',
      'redis OR',
      'OR',
      '🐳 docker 🔥',
      '"" * - ^ : ( )',
      long,
    ];

    for (const [index, query] of queries.entries()) {
      const member = newMember(`searcher-${index}`);
      const { body } = await running.interact(
        slashCommand('search', [text('query', query)], { member }),
      );
      expect(body.type, query).toBe(CALLBACK.reply);
      expect(textOfCallback(body), query).not.toMatch(/reference|went wrong/);
      expect(textOfCallback(body), query).toMatch(/Learnings for|Challenges for|Nothing found for/);
    }
    expect(running.errors()).toEqual([]);
  });

  describe('removing a learning', () => {
    async function someonesLearning(running: RunningBot, author: DoubleMember) {
      const docker = await topicBySlug(running.db, 'docker');
      return addLearning(running.db, {
        guildId: running.guildId,
        topicId: docker.id,
        author: { id: author.id, name: author.username },
        title: 'Mine',
        body: 'Written by the author.',
        now: new Date(),
      });
    }
    const idOption = (value: number | string) =>
      typeof value === 'number'
        ? { type: OptionType.Integer as const, name: 'id', value }
        : text('id', value);

    it('refuses a member without Manage Messages and keeps the row', async () => {
      const running = await start();
      const author = newMember('author');
      const other = newMember('other');
      const row = await someonesLearning(running, author);

      const { body } = await running.interact(nexus('remove', [idOption(row.id)], other));
      expectPoliteNotice(
        running,
        body,
        `Only the author of learning #${row.id} or a member with Manage Messages can change it.`,
      );
      expect(buttonsOf(body)).toEqual([]);

      // Pressing a forged confirmation button is refused the same way.
      const forged = await running.interact(
        buttonPress(`nexus:remove:${row.id}`, undefined, { member: other }),
      );
      expect(textOfCallback(forged.body)).toContain(`Only the author of learning #${row.id}`);
      expect(await learningRow(running, row.id)).toBeDefined();
    });

    it('asks a member with Manage Messages to confirm, then removes it', async () => {
      const running = await start();
      const author = newMember('author');
      const moderator = newMember('moderator', PermissionFlagsBits.ManageMessages);
      expect(moderator.permissions).toBeDefined();
      expect((moderator.permissions ?? 0n) & (1n << 13n)).toBe(1n << 13n);
      const row = await someonesLearning(running, author);

      const asked = await running.interact(nexus('remove', [idOption(row.id)], moderator));
      expect(asked.body.type).toBe(CALLBACK.reply);
      expect(asked.body.data?.flags).toBe(EPHEMERAL);
      expect(asked.body.data?.content).toContain(`Remove learning #${row.id} "Mine"?`);
      expect(buttonsOf(asked.body).map((b) => b.custom_id)).toEqual([
        `nexus:remove:${row.id}`,
        `nexus:keep:${row.id}`,
      ]);
      expect(await learningRow(running, row.id)).toBeDefined();

      const message = await running.original(asked.token);
      const confirmed = await running.interact(
        buttonPress(`nexus:remove:${row.id}`, message as unknown as Record<string, unknown>, {
          member: moderator,
        }),
      );
      expect(confirmed.body).toMatchObject({
        type: CALLBACK.update,
        data: { content: `Removed learning #${row.id}.` },
      });
      expect(await learningRow(running, row.id)).toBeUndefined();
    });
  });

  it('never lets a stored @everyone or <@id> ping anyone', async () => {
    const running = await start();
    const redis = await topicBySlug(running.db, 'redis');
    const hostile = await addLearning(running.db, {
      guildId: running.guildId,
      topicId: redis.id,
      author: { id: '1300000000000000888', name: 'pinger' },
      title: 'Ping @everyone about zanzibarite',
      body: 'Hey @everyone and <@123> and @here, read about zanzibarite caches.',
      now: new Date(),
    });
    const noPings = { parse: [], users: [] };

    // Page through /learning redis until the hostile learning shows.
    let reply = await running.interact(learning('redis'));
    expect(reply.body.type).toBe(CALLBACK.reply);
    expect(reply.body.data?.allowed_mentions).toEqual(noPings);
    const message = await running.original(reply.token);
    for (let page = 0; !textOfCallback(reply.body).includes('<@123>'); page++) {
      expect(page).toBeLessThan(10);
      const next = buttonsOf(reply.body).find((b) => b.label?.includes('Next'));
      reply = await running.interact(
        buttonPress(next?.custom_id ?? '', message as unknown as Record<string, unknown>, {
          member: newMember(`pager-${page}`),
        }),
      );
      expect(reply.body.type).toBe(CALLBACK.update);
      expect(reply.body.data?.allowed_mentions).toEqual(noPings);
    }
    expect(textOfCallback(reply.body)).toContain(`#${hostile.id} · Ping @everyone`);

    // The topic lookup echoes the member's words into the content, where a ping would fire.
    const echoed = await running.interact(learning('@everyone <@123> zanzibarite'));
    expect(echoed.body.data?.content).toContain('"@everyone <@123> zanzibarite"');
    expect(echoed.body.data?.allowed_mentions).toEqual(noPings);

    const searched = await running.interact(
      slashCommand('search', [text('query', 'zanzibarite @everyone')]),
    );
    expect(textOfCallback(searched.body)).toContain('@everyone');
    expect(searched.body.data?.allowed_mentions).toEqual(noPings);
  });

  it('answers a failing handler with an error reference that is logged, and keeps serving', async () => {
    const boom = defineCommand({
      name: 'boom',
      description: 'Always fails',
      routes: {
        '': route({
          options: {},
          run: async () => {
            throw new Error('database is on fire');
          },
        }),
      },
    });
    const running = await start([boom]);
    const member = newMember('unlucky');

    const failed = await running.interact(slashCommand('boom', [], { member }));
    expect(failed.body.type).toBe(CALLBACK.reply);
    expect(failed.body.data?.flags).toBe(EPHEMERAL);
    const ref = /\(reference ([0-9A-F]{8})\)/.exec(failed.body.data?.content ?? '')?.[1];
    expect(ref).toBeDefined();
    expect(failed.body.data?.content).not.toContain('database is on fire');

    const logged = running.errors();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      msg: 'handler failed',
      ref,
      err: expect.objectContaining({ message: 'database is on fire' }),
      invocation: { kind: 'command', command: '/boom', userId: member.id },
    });

    const after = await running.interact(learning('docker', member));
    expect(after.body.type).toBe(CALLBACK.reply);
    expect(after.body.data?.embeds?.[0]?.title).toBe('Docker');
  });

  describe('polite answers to what the bot cannot do', () => {
    it.each<[string, () => ReturnType<typeof slashCommand>, string | RegExp]>([
      [
        'an unknown command',
        () => slashCommand('frobnicate', [], { member: newMember('u1') }),
        'Unknown command /frobnicate. Try /help for the list of commands.',
      ],
      [
        'an unknown subcommand',
        () => nexus('frobnicate', [], newMember('u2')),
        'Unknown command /nexus frobnicate. Try /help for the list of commands.',
      ],
      [
        'an unknown button',
        () => buttonPress('gone:away:1', undefined, { member: newMember('u3') }),
        'This button or form is no longer supported. Run the command again.',
      ],
      [
        'an unknown action of a known command',
        () => buttonPress('learning:explode:1', undefined, { member: newMember('u4') }),
        'This button or form is no longer supported. Run the command again.',
      ],
      [
        'an unknown form',
        () => modalSubmit('gone:form', { title: 'x' }, { member: newMember('u5') }),
        'This button or form is no longer supported. Run the command again.',
      ],
      [
        'an option of the wrong type',
        () =>
          slashCommand('learning', [{ type: OptionType.Integer, name: 'topic', value: 42 }], {
            member: newMember('u6'),
          }),
        /^The option `topic` isn't valid: .+\.$/,
      ],
      [
        'a text id where a number belongs',
        () => nexus('remove', [text('id', 'twelve')], newMember('u7')),
        "The option `id` isn't valid: a learning number such as 12.",
      ],
      [
        'a missing option',
        () => slashCommand('learning', [], { member: newMember('u8') }),
        'The option `topic` is missing.',
      ],
      [
        'a missing subcommand option',
        () => nexus('remove', [], newMember('u9')),
        'The option `id` is missing.',
      ],
    ])('%s', async (_name, input, expected) => {
      const running = await start();
      const { body } = await running.interact(input());
      expectPoliteNotice(running, body, expected);
    });
  });

  it('slows down a member past the burst of 8 with a polite notice', async () => {
    const running = await start();
    const hasty = newMember('hasty');
    for (let i = 0; i < 8; i++) {
      const { body } = await running.interact(slashCommand('help', [], { member: hasty }));
      expect(body.data?.embeds?.[0]?.title).toBe('Nexus commands');
    }
    const { body } = await running.interact(slashCommand('help', [], { member: hasty }));
    expectPoliteNotice(running, body, /^You're going a little fast: try again in \d+ s\.$/);
    const calm = await running.interact(slashCommand('help', [], { member: newMember('calm') }));
    expect(calm.body.data?.embeds?.[0]?.title).toBe('Nexus commands');
  });
});
