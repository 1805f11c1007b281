import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { ApplicationCommandOptionType } from 'discord.js';
import type { Actor, Command, OptionValue, Permission } from '../interaction/command.js';
import type { Button } from '../interaction/message.js';
import { memoryPoster } from '../sync/memory-poster.js';
import type { Poster } from '../sync/poster.js';
import { formatMessage, formatModal, type Names } from './console-format.js';
import { type ParsedCommand, parseCommand, splitMember, tokenize } from './console-parse.js';
import type { Invocation, Router, RouterResult } from './router.js';

export const consoleGuildId = '900000000000000001';
export const consoleChannels = {
  general: '900000000000000002',
  'prodev-project-nexus': '900000000000000003',
} as const;
const ownerName = 'owner';
const allPermissions: ReadonlySet<Permission> = new Set(['ManageMessages', 'ManageGuild']);

/** The same name gets the same id in every run, so data written as @amina stays amina's. */
export function memberId(name: string): string {
  const hash = createHash('sha256').update(`nexus-console:${name.toLowerCase()}`).digest('hex');
  return (
    (BigInt(`0x${hash.slice(0, 15)}`) % 900_000_000_000_000_000n) +
    100_000_000_000_000_000n
  ).toString();
}

export interface ConsoleOptions {
  write: (text: string) => void;
  commands: readonly Command[];
  guildId?: string | undefined;
  /** Names of members who have not acted in this run, for mentions in channel posts. */
  userName?: (id: string) => Promise<string | undefined>;
}

export interface LocalConsole {
  /** Prints what the bot posts to a channel, prefixed with the channel's name. */
  poster: Poster;
  run(input: NodeJS.ReadableStream, router: Router): Promise<void>;
}

/**
 * The local console: one command per line, in order, each answered before the next is read.
 * Same router and database as the bot; only the surface differs.
 */
export function createConsole(options: ConsoleOptions): LocalConsole {
  const { write } = options;
  const guildId = options.guildId ?? consoleGuildId;
  const definitions = options.commands.map((c) => c.definition);
  const userNames = new Map<string, string>([[memberId(ownerName), ownerName]]);
  const channelNames = new Map<string, string>(
    Object.entries(consoleChannels).map(([name, id]) => [id, name]),
  );
  const names: Names = {
    user: (id) => userNames.get(id) ?? 'unknown-member',
    channel: (id) => channelNames.get(id) ?? 'unknown-channel',
  };
  let lastButtons: Button[] = [];

  const actorFor = (member: string | undefined): Actor => {
    const name = member ?? ownerName;
    const id = memberId(name);
    userNames.set(id, name);
    return { id, name, permissions: member === undefined ? allPermissions : new Set() };
  };

  const convert = (option: ParsedCommand['options'][number]): OptionValue | { error: string } => {
    const { text, type, name } = option;
    switch (type) {
      case ApplicationCommandOptionType.Integer:
      case ApplicationCommandOptionType.Number:
        return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
      case ApplicationCommandOptionType.Boolean:
        return /^(true|yes|on)$/i.test(text) ? true : /^(false|no|off)$/i.test(text) ? false : text;
      case ApplicationCommandOptionType.User:
      case ApplicationCommandOptionType.Mentionable:
        return text.startsWith('@')
          ? actorFor(text.slice(1)).id
          : { error: `${name} takes a member, like @amina` };
      case ApplicationCommandOptionType.Channel: {
        const id = consoleChannels[text.replace(/^#/, '') as keyof typeof consoleChannels];
        return (
          id ?? { error: `Unknown channel ${text}. Channels: #general, #prodev-project-nexus` }
        );
      }
      case ApplicationCommandOptionType.Attachment: {
        const path = resolve(text);
        const stat = statSync(path, { throwIfNoEntry: false });
        if (!stat?.isFile()) return { error: `No file at ${text}` };
        return { name: basename(path), url: pathToFileURL(path).href, size: stat.size };
      }
      default:
        return text;
    }
  };

  const memory = memoryPoster((posted, thread) => {
    const buttons = (posted.message.buttons ?? []).flat();
    if (buttons.length > 0) lastButtons = buttons;
    const where = thread
      ? `#${names.channel(thread.parentId)} › ${thread.name}`
      : `#${names.channel(posted.channelId)}`;
    write(`${where}: ${formatMessage(posted.message, names)}`);
  });
  const poster: Poster = {
    ...memory.poster,
    async post(channelId, message, nonce) {
      for (const id of message.mentions ?? []) {
        const name = userNames.has(id) ? undefined : await options.userName?.(id);
        if (name) userNames.set(id, name);
      }
      return memory.poster.post(channelId, message, nonce);
    },
  };

  const run = async (input: NodeJS.ReadableStream, router: Router): Promise<void> => {
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false })[
      Symbol.asyncIterator
    ]();
    const show = async (result: RouterResult, actor: Actor): Promise<void> => {
      if (result.type === 'choices') return;
      if (result.type === 'modal') {
        write(formatModal(result.modal));
        const fields: Record<string, string> = {};
        for (const field of result.modal.fields) {
          const next = await lines.next();
          if (next.done) return write('(form cancelled: input ended)');
          fields[field.id] = next.value;
        }
        return show(
          await router.handle({
            ...origin(actor),
            kind: 'modal',
            customId: result.modal.customId,
            fields,
          }),
          actor,
        );
      }
      const buttons = (result.message.buttons ?? []).flat();
      if (buttons.length > 0) lastButtons = buttons;
      write(
        `${result.type === 'update' ? '(message updated)\n' : ''}${formatMessage(result.message, names)}`,
      );
    };

    const origin = (actor: Actor) => ({
      guildId,
      channelId: consoleChannels['prodev-project-nexus'],
      actor,
    });

    const press = (what: string, actor: Actor): Invocation | string => {
      if (what === '')
        return 'Press which button? Give its number or part of its label: !press 2, !press Next.';
      const index = /^\d+$/.test(what)
        ? Number(what) - 1
        : lastButtons.findIndex((b) => b.label.toLowerCase().includes(what.toLowerCase()));
      const button = lastButtons[index];
      if (!button)
        return lastButtons.length === 0 ? 'No buttons to press yet.' : `No button "${what}".`;
      if (button.disabled) return `The button "${button.label}" is disabled.`;
      return { ...origin(actor), kind: 'button', customId: button.customId };
    };

    const handleLine = async (line: string): Promise<void> => {
      const { member, rest } = splitMember(line);
      if (rest === '') return;
      const actor = actorFor(member);
      if (rest.startsWith('!press')) {
        const pressed = press(rest.slice('!press'.length).trim(), actor);
        return typeof pressed === 'string'
          ? write(pressed)
          : show(await router.handle(pressed), actor);
      }
      if (!rest.startsWith('/'))
        return write('Commands start with /, e.g. /learning docker. Try /help.');
      const parsed = parseCommand(tokenize(rest), definitions);
      if ('error' in parsed) return write(parsed.error);
      const values: Record<string, OptionValue> = {};
      for (const option of parsed.options) {
        const value = convert(option);
        if (typeof value === 'object' && 'error' in value) return write(value.error);
        values[option.name] = value;
      }
      const invocation: Invocation = {
        ...origin(actor),
        kind: 'command',
        command: parsed.command,
        path: parsed.path,
        options: values,
      };
      return show(await router.handle(invocation), actor);
    };

    write(
      `Nexus local console · server ${guildId} · #prodev-project-nexus. Type /help; @name before a command acts as that member.`,
    );
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      await handleLine(next.value);
    }
  };

  return { poster, run };
}
