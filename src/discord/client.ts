import {
  ApplicationCommandOptionType,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  type CommandInteractionOption,
  GatewayIntentBits,
  type Interaction,
  type InteractionReplyOptions,
  InteractionResponseType,
  MessageFlags,
  type ModalSubmitInteraction,
  Options,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
} from 'discord.js';
import type { Actor, MemberDirectory, OptionValue, Permission } from '../interaction/command.js';
import type { Message } from '../interaction/message.js';
import { type Logger, newErrorRef } from '../log.js';
import { respond } from './first-response.js';
import { toDiscordChoices, toDiscordMessage, toDiscordModal } from './render.js';
import { discordErrorCode } from './rest-poster.js';
import type { Invocation, Router, RouterResult } from './router.js';

type Answerable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

function actorOf(interaction: Interaction): Actor {
  const permissions = new Set<Permission>();
  // A getter that builds a new bitfield on every read.
  const granted = interaction.memberPermissions;
  if (granted?.has(PermissionFlagsBits.ManageMessages)) permissions.add('ManageMessages');
  if (granted?.has(PermissionFlagsBits.ManageGuild)) permissions.add('ManageGuild');
  return {
    id: interaction.user.id,
    name: interaction.user.globalName ?? interaction.user.username,
    permissions,
  };
}

function readOptions(data: readonly CommandInteractionOption[]) {
  const path: string[] = [];
  const options: Record<string, OptionValue> = {};
  const walk = (list: readonly CommandInteractionOption[]) => {
    for (const option of list) {
      if (
        option.type === ApplicationCommandOptionType.Subcommand ||
        option.type === ApplicationCommandOptionType.SubcommandGroup
      ) {
        path.push(option.name);
        walk(option.options ?? []);
      } else if (option.type === ApplicationCommandOptionType.Attachment && option.attachment) {
        options[option.name] = {
          name: option.attachment.name,
          url: option.attachment.url,
          size: option.attachment.size,
        };
      } else if (option.value !== undefined) {
        options[option.name] = option.value;
      }
    }
  };
  walk(data);
  return { path: path.join(' '), options };
}

export function toInvocation(interaction: Interaction): Invocation | undefined {
  const origin = {
    guildId: interaction.guildId,
    channelId: interaction.channelId ?? '',
    actor: actorOf(interaction),
  };
  if (interaction.isChatInputCommand()) {
    return {
      ...origin,
      kind: 'command',
      command: interaction.commandName,
      ...readOptions(interaction.options.data),
    };
  }
  if (interaction.isAutocomplete()) {
    const focused = interaction.options.getFocused(true);
    return {
      ...origin,
      kind: 'autocomplete',
      command: interaction.commandName,
      ...readOptions(interaction.options.data),
      focused: { name: focused.name, value: String(focused.value) },
    };
  }
  if (interaction.isButton()) return { ...origin, kind: 'button', customId: interaction.customId };
  if (interaction.isModalSubmit()) {
    const fields: Record<string, string> = {};
    for (const [id, field] of interaction.fields.fields) {
      if ('value' in field && typeof field.value === 'string') fields[id] = field.value;
    }
    return { ...origin, kind: 'modal', customId: interaction.customId, fields };
  }
  return undefined;
}

/**
 * The renderer speaks the API's shape. discord.js copies plain embeds and components into
 * snake_case key by key; handing them over as already encoded skips that copy.
 */
const encoded = <T>(value: T) => ({ toJSON: () => value });

/** discord.js wants camelCase options for the rest. */
function replyOptions(message: Message): InteractionReplyOptions {
  const { content, embeds, components, allowed_mentions, flags } = toDiscordMessage(message);
  return {
    content,
    embeds: embeds?.map(encoded),
    components: components?.map(encoded),
    allowedMentions: { parse: [], users: [...(allowed_mentions?.users ?? [])] },
    ...(flags ? { flags: flags as number } : {}),
  } as InteractionReplyOptions;
}

async function deliver(
  interaction: Answerable,
  result: Exclude<RouterResult, { type: 'choices' }>,
  deferred: boolean,
) {
  if (result.type === 'modal') {
    // A modal can answer neither a modal submit nor a deferred interaction.
    if (!deferred && !interaction.isModalSubmit()) {
      return (interaction as ChatInputCommandInteraction | ButtonInteraction).showModal(
        toDiscordModal(result.modal),
      );
    }
    const content = 'That form could not open here; please run the command again.';
    return deferred
      ? interaction.followUp({ content, flags: MessageFlags.Ephemeral })
      : interaction.reply({ content, flags: MessageFlags.Ephemeral });
  }
  const fromMessage =
    interaction.isButton() || (interaction.isModalSubmit() && interaction.isFromMessage());
  if (!deferred) {
    const replaces = result.type === 'update' && fromMessage;
    const type = replaces
      ? InteractionResponseType.UpdateMessage
      : InteractionResponseType.ChannelMessageWithSource;
    return respond(interaction, type, result.message);
  }
  const options = replyOptions(result.message);
  const { flags: _visibilityIsSetByTheDeferral, ...edit } = options;
  if (result.type === 'update' && fromMessage) return interaction.editReply(edit);
  if (result.message.ephemeral) {
    // A public "thinking..." cannot turn private: remove it and answer privately instead.
    if (!interaction.isButton()) await interaction.deleteReply();
    return interaction.followUp(options);
  }
  return interaction.isButton() ? interaction.followUp(edit) : interaction.editReply(edit);
}

/**
 * Unknown Member (10007) means the member left the server; any other failure keeps them, so a
 * network hiccup never drops anyone from matching.
 */
export function memberDirectory(client: Client, guildId: string): MemberDirectory {
  return {
    async isMember(userId) {
      try {
        const guild = await client.guilds.fetch(guildId);
        await guild.members.fetch(userId);
        return true;
      } catch (error) {
        return discordErrorCode(error) !== RESTJSONErrorCodes.UnknownMember;
      }
    },
  };
}

export interface BotOptions {
  token: string;
  apiBase?: string | undefined;
  router: Router;
  log: Logger;
  /** Discord drops an interaction not answered within 3 s; past this, acknowledge first. */
  deferAfterMs?: number | undefined;
  /** Called before login, for listeners that must see the servers arrive at start-up. */
  beforeLogin?: ((client: Client) => void) | undefined;
  /** How long discord.js waits for unavailable servers before ready (its default: 15 s). */
  waitGuildTimeout?: number | undefined;
}

/** The gateway adapter: Guilds intent only, nothing pings unless a message names the user. */
export async function startDiscordBot(options: BotOptions): Promise<Client> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    // Members and users arrive with every interaction and nothing reads them back from the cache.
    // Kept, every member who ever used the bot would stay in memory for good and, with no member
    // events on the Guilds intent, one who left would still pass for a member when pairing.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      GuildMemberManager: {
        maxSize: 0,
        keepOverLimit: (member) => member.id === member.client.user.id,
      },
      UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
    }),
    ...(options.apiBase ? { rest: { api: options.apiBase } } : {}),
    ...(options.waitGuildTimeout !== undefined
      ? { waitGuildTimeout: options.waitGuildTimeout }
      : {}),
  });
  const { log, router } = options;
  const deferAfterMs = options.deferAfterMs ?? 2000;

  async function answer(interaction: Interaction) {
    const invocation = toInvocation(interaction);
    if (!invocation) return;
    const handling = router.handle(invocation);
    if (interaction.isAutocomplete()) {
      const result = await handling;
      return interaction.respond(result.type === 'choices' ? toDiscordChoices(result.choices) : []);
    }
    const answerable = interaction as Answerable;
    let deferring: Promise<unknown> | undefined;
    const timer = setTimeout(() => {
      deferring = answerable.isButton() ? answerable.deferUpdate() : answerable.deferReply();
    }, deferAfterMs);
    const result = await handling;
    clearTimeout(timer);
    if (deferring) await deferring;
    if (result.type === 'choices') return;
    return deliver(answerable, result, deferring !== undefined);
  }

  client.on('interactionCreate', (interaction) => {
    answer(interaction).catch((error: unknown) => {
      const ref = newErrorRef();
      log.error(
        { err: error, ref, interactionId: interaction.id },
        'could not answer an interaction',
      );
    });
  });
  client.on('error', (error) =>
    log.error({ err: error, ref: newErrorRef() }, 'discord client error'),
  );
  client.on('warn', (message) => log.warn({ discord: message }, 'discord client warning'));
  client.once('clientReady', (ready) =>
    log.info({ user: ready.user.tag, guilds: ready.guilds.cache.size }, 'connected to Discord'),
  );
  options.beforeLogin?.(client);
  await client.login(options.token);
  return client;
}
