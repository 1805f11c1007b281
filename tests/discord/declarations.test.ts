import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType as OptionType,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commands } from '../../commands/index.js';
import { defineCommand, route } from '../../src/interaction/declare.js';
import { form, requiredText } from '../../src/interaction/fields.js';
import { notice } from '../../src/interaction/message.js';
import { option } from '../../src/interaction/options.js';
import { amina, createHarness, textOf } from '../support/harness.js';

const isBranch = (option: APIApplicationCommandOption) =>
  option.type === OptionType.Subcommand || option.type === OptionType.SubcommandGroup;

/** Every registered subcommand path with its registered options, read from the JSON alone. */
function registered(command: (typeof commands)[number]) {
  const paths = new Map<string, APIApplicationCommandOption[]>();
  const walk = (options: APIApplicationCommandOption[], path: string[]) => {
    if (!options.some(isBranch)) {
      paths.set(path.join(' '), options);
      return;
    }
    for (const branch of options.filter(isBranch))
      walk('options' in branch ? (branch.options ?? []) : [], [...path, branch.name]);
  };
  walk(command.definition.options ?? [], []);
  return paths;
}

describe('commands declared once', () => {
  it('registers exactly the routes, and for each exactly the options, the router checks', () => {
    for (const command of commands) {
      const json = registered(command);
      expect([...json.keys()], `/${command.definition.name}`).toEqual(Object.keys(command.routes));
      for (const [path, route] of Object.entries(command.routes)) {
        const names = (json.get(path) ?? []).map((o) => o.name);
        expect(names, route.label).toEqual(Object.keys(route.options));
        for (const registeredOption of json.get(path) ?? [])
          expect(registeredOption.required, `${route.label} ${registeredOption.name}`).toBe(
            !(route.options[registeredOption.name] as z.ZodType).safeParse(undefined).success,
          );
      }
    }
  });

  it('gives every free-text option a maximum length, which the router enforces too', () => {
    let checked = 0;
    for (const command of commands) {
      for (const [path, options] of registered(command)) {
        const route = command.routes[path];
        for (const registeredOption of options) {
          if (registeredOption.type !== OptionType.String || 'choices' in registeredOption)
            continue;
          const max = registeredOption.max_length;
          expect(max, `${route?.label} ${registeredOption.name}`).toBeGreaterThan(0);
          const schema = z.object(route?.options ?? {});
          const tooLong = schema.safeParse({ [registeredOption.name]: 'x'.repeat((max ?? 0) + 1) });
          const issue = tooLong.error?.issues.find((i) => i.path[0] === registeredOption.name);
          expect(issue?.message, `${route?.label} ${registeredOption.name}`).toMatch(/at most/);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('refuses to declare an option Discord cannot register, or a form field without limits', () => {
    expect(() =>
      defineCommand({
        name: 'probe',
        description: 'test',
        routes: { '': route({ options: { raw: z.string() }, run: async () => notice('x') }) },
      }),
    ).toThrow('/probe: option `raw` has no Discord declaration');
    expect(() => form({ raw: z.string() })).toThrow('Form field `raw`');
    expect(form({ title: requiredText('Title', 100) }).modal('probe:form', 'Probe').fields).toEqual(
      [{ id: 'title', label: 'Title', style: 'short', required: true, maxLength: 100 }],
    );
    expect(option.text({ description: 'x', max: 10 }).safeParse('  padded  ')).toMatchObject({
      success: true,
      data: 'padded',
    });
  });

  it('lists in /help every option of every subcommand, groups included, as registered', async () => {
    const help = textOf(await (await createHarness()).run(amina, 'help'));
    expect(help).toContain('`/sync prompt remove id`: Remove one of your prompts (Manage Server)');
    expect(help).toContain('`/challenge list [tag] [author] [unsolved]`');
    for (const command of commands) {
      for (const [path, options] of registered(command)) {
        const usage = [
          `/${[command.definition.name, path].filter(Boolean).join(' ')}`,
          ...options.map((o) => (o.required ? o.name : `[${o.name}]`)),
        ].join(' ');
        expect(help).toContain(`\`${usage}\``);
      }
    }
  });
});
