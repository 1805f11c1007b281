import { ApplicationCommandOptionType as OptionType } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { guardProcess } from '../../src/process-guard.js';
import { botPerTest, newMember, type RunningBot } from '../support/bot.js';
import { type DoubleMember, slashCommand } from '../support/discord-double.js';

const start = botPerTest();
const undo: (() => void)[] = [];

afterEach(() => {
  for (const restore of undo.splice(0).reverse()) restore();
});

const learning = (topic: string, member: DoubleMember) =>
  slashCommand('learning', [{ type: OptionType.String, name: 'topic', value: topic }], { member });

/** Asserts a `/learning docker` by a fresh member gets its Docker embed. */
async function expectServing(running: RunningBot, name: string) {
  const { body } = await running.interact(learning('docker', newMember(name)));
  expect(body.type).toBe(4);
  expect(body.data?.embeds?.[0]?.title).toBe('Docker');
}

const callback = { method: 'POST', pathIncludes: '/callback' };

describe('faults between the bot and Discord', () => {
  it('waits out a 429 on the callback (retry_after 0.1) and still replies', async () => {
    const running = await start();
    running.double.failNext(callback, { status: 429, retryAfter: 0.1 });
    const { id, body } = await running.interact(learning('docker', newMember('limited')));

    expect(body.data?.embeds?.[0]?.title).toBe('Docker');
    const attempts = running.callbacksOf(id);
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(attempts[1]?.body).toEqual(attempts[0]?.body);
    expect(running.errors()).toEqual([]);
  });

  it('retries a callback that got one 500 and still replies', async () => {
    const running = await start();
    running.double.failNext(callback, { status: 500 });
    const { id, body } = await running.interact(learning('docker', newMember('unlucky')));

    expect(body.data?.embeds?.[0]?.title).toBe('Docker');
    expect(running.callbacksOf(id).map((r) => r.status)).toEqual([500, 204]);
    expect(running.errors()).toEqual([]);
  });

  it('logs a callback Discord keeps refusing with a reference, and keeps serving', async () => {
    const running = await start();
    const { id } = running.double.dispatchInteraction(learning('docker', newMember('doomed')));
    // Only this interaction's callback fails, however often the REST client retries it.
    running.double.failNext((r) => r.path.includes(`/interactions/${id}/`), {
      status: 500,
      times: 1000,
    });

    const line = await running.logs.waitFor((l) => l.msg === 'could not answer an interaction');
    expect(line).toMatchObject({
      level: 50,
      interactionId: id,
      ref: expect.stringMatching(/^[0-9A-F]{8}$/),
    });
    const attempts = running.callbacksOf(id).map((r) => r.status);
    expect(attempts.length).toBeGreaterThan(1);
    expect(attempts.every((status) => status === 500)).toBe(true);

    await expectServing(running, 'after-refusals');
  });

  it('resumes after the socket drops, replays what was missed and answers the next one', async () => {
    const running = await start();
    running.double.dropSocket();
    const missed = running.double.dispatchInteraction(learning('docker', newMember('missed')));
    await running.double.waitForResume();
    const replayed = await running.callbackOf(missed.id, missed.token);

    expect((replayed.body as { data: { embeds: { title: string }[] } }).data.embeds[0]?.title).toBe(
      'Docker',
    );
    expect([running.double.identifyCount, running.double.resumeCount]).toEqual([1, 1]);
    await expectServing(running, 'after-resume');
    expect(running.errors()).toEqual([]);
  });

  it('logs a packet that makes discord.js throw, with a reference, and keeps serving', async () => {
    const running = await start();
    // The handlers main.ts installs. (Vitest leaves a rejection alone when the process has a
    // listener besides its own; without the guard it would fail the run.)
    undo.push(guardProcess(running.log));

    // An application command without its `data`: discord.js' INTERACTION_CREATE action reads
    // `data.data.type` and throws inside the gateway's async message handler.
    running.double.dispatch('INTERACTION_CREATE', {
      id: '1300000000000009999',
      token: 'malformed',
      type: 2,
      data: null,
      application_id: running.double.bot.id,
      version: 1,
      guild_id: running.guildId,
      channel_id: '1300000000000000011',
    });

    const line = await running.logs.waitFor((l) => l.msg === 'unhandled rejection');
    expect(line).toMatchObject({
      level: 50,
      ref: expect.stringMatching(/^[0-9A-F]{8}$/),
      err: expect.objectContaining({
        type: 'TypeError',
        message: expect.stringContaining('Cannot read properties of null'),
      }),
    });
    // Nothing was answered for the broken packet, and the bot still serves the next one.
    expect(running.double.requests.some((r) => r.path.includes('/1300000000000009999/'))).toBe(
      false,
    );
    await expectServing(running, 'after-malformed');
    expect(running.client.isReady()).toBe(true);
  });
});
