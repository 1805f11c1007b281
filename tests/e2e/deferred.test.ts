import { ApplicationCommandOptionType as OptionType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/interaction/command.js';
import { componentId } from '../../src/interaction/component-id.js';
import { button, defineCommand, route } from '../../src/interaction/declare.js';
import { notice, reply, update } from '../../src/interaction/message.js';
import { option } from '../../src/interaction/options.js';
import { botPerTest, type CallbackBody, type RunningBot } from '../support/bot.js';
import { buttonPress, slashCommand } from '../support/discord-double.js';

const EPHEMERAL = 64;
const DEFERRED = { reply: 5, update: 6 } as const;

/** A command whose handlers answer only when the test lets them, after the bot has deferred. */
function slowCommand() {
  const held: (() => void)[] = [];
  const hold = () => new Promise<void>((resolve) => held.push(resolve));
  const command = defineCommand({
    name: 'slow',
    description: 'Answers late',
    routes: {
      '': route({
        options: { kind: option.choice(['public', 'private'], 'public or private') },
        run: async (_ctx, { kind }) => {
          await hold();
          return kind === 'public' ? reply({ content: 'done' }) : notice('done privately');
        },
      }),
    },
    components: [
      button({
        id: componentId('slow', 'again', {}),
        run: async () => {
          await hold();
          return update({ content: 'updated', ephemeral: true });
        },
      }),
    ],
  });
  const release = () => {
    const next = held.shift();
    if (!next) throw new Error('no handler is waiting');
    next();
  };
  return { command, release };
}

const startBot = botPerTest();
const start = (command: Command) => startBot({ extraCommands: [command], deferAfterMs: 20 });

const slow = (kind: 'public' | 'private') =>
  slashCommand('slow', [{ type: OptionType.String, name: 'kind', value: kind }]);

function original(running: RunningBot, method: string, token: string) {
  return running.double.waitForRequest(
    (r) => r.method === method && r.path.endsWith(`/${token}/messages/@original`),
  );
}

describe('answers that take longer than the deferral delay', () => {
  it('acknowledges a slow command publicly, then edits the answer in', async () => {
    const { command, release } = slowCommand();
    const running = await start(command);
    const { id, token } = running.double.dispatchInteraction(slow('public'));

    const deferral = await running.callbackOf(id, token);
    expect((deferral.body as CallbackBody).type).toBe(DEFERRED.reply);
    expect((deferral.body as CallbackBody).data?.flags ?? 0).toBe(0);
    release();
    const edit = await original(running, 'PATCH', token);
    expect(edit.body).toMatchObject({ content: 'done' });
    expect(edit.body).not.toHaveProperty('flags');
    expect(running.callbacksOf(id)).toHaveLength(1);
    expect(running.errors()).toEqual([]);
  });

  it('removes the public "thinking..." and answers privately when the answer is private', async () => {
    const { command, release } = slowCommand();
    const running = await start(command);
    const { id, token } = running.double.dispatchInteraction(slow('private'));

    await running.callbackOf(id, token);
    release();
    const removed = await original(running, 'DELETE', token);
    const followUp = await running.double.waitForRequest(
      (r) => r.method === 'POST' && r.path.endsWith(`/webhooks/${running.double.bot.id}/${token}`),
    );
    expect(followUp.body).toMatchObject({ content: 'done privately', flags: EPHEMERAL });
    expect(running.double.requests.indexOf(removed)).toBeLessThan(
      running.double.requests.indexOf(followUp),
    );
    expect(running.errors()).toEqual([]);
  });

  it('acknowledges a slow button as an update, then edits the message it sits on', async () => {
    const { command, release } = slowCommand();
    const running = await start(command);
    const { id, token } = running.double.dispatchInteraction(buttonPress('slow:again'));

    const deferral = await running.callbackOf(id, token);
    expect((deferral.body as CallbackBody).type).toBe(DEFERRED.update);
    release();
    const edit = await original(running, 'PATCH', token);
    // A message keeps its visibility when it is edited.
    expect(edit.body).toMatchObject({ content: 'updated' });
    expect(edit.body).not.toHaveProperty('flags');
    expect(running.errors()).toEqual([]);
  });
});
