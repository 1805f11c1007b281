import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { type Command, permissionLabels, type Route, route } from '../src/interaction/command.js';
import { brandColor, reply } from '../src/interaction/message.js';

function usage(name: string, path: string, command: Command): string {
  const sub = path === '' ? undefined : command.definition.options?.find((o) => o.name === path);
  const options =
    path === '' ? command.definition.options : sub && 'options' in sub ? sub.options : [];
  const args = (options ?? []).map((o) => (o.required ? o.name : `[${o.name}]`));
  return [`/${name}`, path, ...args].filter(Boolean).join(' ');
}

function who(route: Route): string {
  if (route.who) return route.who;
  return route.permission ? permissionLabels[route.permission] : 'everyone';
}

/** /help lists what the registry holds, so it can never fall out of date. */
export function helpCommand(registry: () => readonly Command[]): Command {
  return {
    definition: new SlashCommandBuilder()
      .setName('help')
      .setDescription('Every Nexus command and who may use it')
      .setContexts(InteractionContextType.Guild)
      .toJSON(),
    routes: {
      '': route({
        help: 'This list',
        options: z.object({}),
        async run() {
          const fields = registry().map((command) => ({
            name: `/${command.definition.name}`,
            value: Object.entries(command.routes)
              .map(
                ([path, r]) =>
                  `\`${usage(command.definition.name, path, command)}\`: ${r.help} (${who(r)})`,
              )
              .join('\n'),
          }));
          return reply({
            ephemeral: true,
            embeds: [
              {
                title: 'Nexus commands',
                color: brandColor,
                fields,
                footer: 'Options in [brackets] are optional.',
              },
            ],
          });
        },
      }),
    },
  };
}
