import type { Command } from '../src/interaction/command.js';
import { defineCommand, route } from '../src/interaction/declare.js';
import { brandColor, reply } from '../src/interaction/message.js';

/** /help lists what the registry declares, every option of every subcommand, so it cannot drift. */
export function helpCommand(registry: () => readonly Command[]): Command {
  return defineCommand({
    name: 'help',
    description: 'Every Nexus command and who may use it',
    routes: {
      '': route({
        help: 'This list',
        options: {},
        async run() {
          const fields = registry().map((command) => ({
            name: `/${command.definition.name}`,
            value: Object.values(command.routes)
              .map((r) => `\`${r.usage}\`: ${r.help} (${r.who})`)
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
  });
}
