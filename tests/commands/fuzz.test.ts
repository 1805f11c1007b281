import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType as Type,
} from 'discord-api-types/v10';
import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { databaseState } from '../../src/db/state-cache.js';
import { toDiscordMessage } from '../../src/discord/render.js';
import type { InteractionReport, RouterResult } from '../../src/discord/router.js';
import type { Actor, OptionValue } from '../../src/interaction/command.js';
import { tempDir } from '../support/db.js';
import { admin, amina, createHarness, type Harness, moderator } from '../support/harness.js';

/** Every route's options as Discord registers them, by command and subcommand path. */
function routeOptions() {
  const routes: { command: string; path: string; options: APIApplicationCommandOption[] }[] = [];
  const walk = (command: string, prefix: string[], options: APIApplicationCommandOption[]) => {
    const nested = options.filter(
      (o) => o.type === Type.Subcommand || o.type === Type.SubcommandGroup,
    );
    if (nested.length === 0) routes.push({ command, path: prefix.join(' '), options });
    for (const o of nested) {
      walk(command, [...prefix, o.name], ('options' in o ? o.options : undefined) ?? []);
    }
  };
  for (const c of commands) walk(c.definition.name, [], c.definition.options ?? []);
  return routes;
}

/** Text of every kind: any code point (controls, NUL, lone surrogates), mentions, long runs. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ maxLength: 3000 }),
  fc.constantFrom('docker', 'k8s', 'ALX Travel App', '@everyone', '<@&1>', '\u200b', '', ' '),
);
const anId = fc.oneof(
  fc.bigInt({ min: 10n ** 16n, max: 10n ** 19n }).map(String),
  fc.string({ maxLength: 30 }),
);

function arbitraryFor(
  option: APIApplicationCommandOption,
  files: string[],
): fc.Arbitrary<OptionValue> {
  // Mostly what Discord would offer, sometimes anything: handlers run, and the checks are tried.
  const offered =
    'choices' in option && option.choices?.length ? option.choices.map((c) => c.value) : [];
  if (offered.length > 0) return fc.oneof(fc.constantFrom(...offered), anyText);
  switch (option.type) {
    case Type.Integer:
      return fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.constantFrom(1, 2, 3));
    case Type.Number:
      return fc.double();
    case Type.Boolean:
      return fc.boolean();
    case Type.User:
    case Type.Channel:
    case Type.Mentionable:
    case Type.Role:
      return anId;
    case Type.Attachment:
      return fc.constantFrom(...files).map((path) => ({
        name: path.split('/').at(-1) ?? 'file',
        url: pathToFileURL(path).href,
        size: 1000,
      }));
    default:
      return anyText;
  }
}

/** A file of each kind an admin might attach: empty, binary, hostile Markdown. */
function attachments(): string[] {
  const dir = tempDir();
  const files: [string, string | Buffer][] = [
    ['empty.md', ''],
    ['binary.md', Buffer.from([0, 1, 2, 255, 254, 0, 0x1b])],
    [
      'hostile.md',
      '# Docker\n\n- **@everyone** <@1> `x` ](javascript:y)\u0000\n## Challenge: *_*_*_\n',
    ],
  ];
  return files.map(([name, content]) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  });
}

const actors: Actor[] = [amina, moderator, admin];

/** fast-check's optional keys may come as undefined; the adapters never send those. */
const given = <V>(values: Record<string, V | undefined>): Record<string, V> =>
  Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, V] => entry[1] !== undefined),
  );

/** What a person would see could not ping: nothing parsed, only users the message names. */
function expectNoStrayPing(result: RouterResult) {
  if (result.type !== 'reply' && result.type !== 'update') return;
  const payload = toDiscordMessage(result.message);
  expect(payload.allowed_mentions?.parse ?? []).toEqual([]);
  const shown = JSON.stringify([payload.content ?? '', payload.embeds ?? []]);
  for (const user of payload.allowed_mentions?.users ?? []) expect(shown).toContain(`<@${user}>`);
}

async function fuzzed(
  bot: Harness,
  reports: InteractionReport[],
  act: () => Promise<RouterResult>,
): Promise<void> {
  const before = databaseState(bot.db);
  const seen = reports.length;
  const result = await act();
  const report = reports[seen];
  expect(reports).toHaveLength(seen + 1);
  // An error would have been answered with a reference: none may happen, whatever the input.
  expect(report?.outcome, JSON.stringify(report)).not.toBe('error');
  // Refused as invalid before any handler ran: nothing was written.
  if (report?.outcome === 'invalid') expect(databaseState(bot.db)).toBe(before);
  expectNoStrayPing(result);
}

async function expectIntact(bot: Harness) {
  const { rows: quick } = await sql<{ quick_check: string }>`PRAGMA quick_check`.execute(bot.db);
  expect(quick).toEqual([{ quick_check: 'ok' }]);
  const { rows: orphans } = await sql`PRAGMA foreign_key_check`.execute(bot.db);
  expect(orphans).toEqual([]);
}

describe('fuzzing every command and every component', () => {
  it('answers every command with any options: no error, no write on invalid input, no stray ping', async () => {
    const reports: InteractionReport[] = [];
    const bot = await createHarness({ burst: 1_000_000, onOutcome: (r) => reports.push(r) });
    const files = attachments();
    const invocation = fc.oneof(
      ...routeOptions().map(({ command, path, options }) =>
        fc.record({
          actor: fc.constantFrom(...actors),
          command: fc.constant(command),
          path: fc.constant(path),
          options: fc.record(
            Object.fromEntries(options.map((o) => [o.name, arbitraryFor(o, files)])),
            {
              requiredKeys: [],
            },
          ),
        }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(invocation, (i) =>
        fuzzed(bot, reports, () => bot.run(i.actor, i.command, i.path, given(i.options))),
      ),
      { numRuns: 2500 },
    );
    await expectIntact(bot);
    // The handlers themselves ran, not only the option checks.
    const answered = new Set(reports.filter((r) => r.outcome === 'answered').map((r) => r.label));
    expect(answered.size).toBeGreaterThan(routeOptions().length / 2);
  });

  it('answers every button and form with any id and fields: no error, no stray ping', async () => {
    const reports: InteractionReport[] = [];
    const bot = await createHarness({ burst: 1_000_000, onOutcome: (r) => reports.push(r) });
    const labels = commands.flatMap((c) => c.components.flatMap((component) => component.labels));
    const part = fc.oneof(fc.nat({ max: 5000 }).map(String), fc.string({ maxLength: 20 }));
    const customId = fc
      .tuple(fc.constantFrom(...labels), fc.array(part, { maxLength: 5 }))
      .map(([label, args]) => [label, ...args].join(':'))
      .filter((id) => id.length <= 100);
    const fieldNames = ['topic', 'title', 'body', 'challenge', 'solution', 'tags', 'text'];
    const action = fc.record({
      actor: fc.constantFrom(...actors),
      customId,
      fields: fc.option(
        fc.record(Object.fromEntries(fieldNames.map((name) => [name, anyText])), {
          requiredKeys: [],
        }),
      ),
    });
    await fc.assert(
      fc.asyncProperty(action, (a) =>
        fuzzed(bot, reports, () =>
          a.fields
            ? bot.submit(a.actor, a.customId, given(a.fields))
            : bot.press(a.actor, a.customId),
        ),
      ),
      { numRuns: 1500 },
    );
    await expectIntact(bot);
  });
});
