import { describe, expect, it } from 'vitest';
import type { RouterResult } from '../../src/discord/router.js';
import type { Actor } from '../../src/interaction/command.js';
import { staleComponent } from '../../src/interaction/declare.js';
import { weekKey } from '../../src/sync/checkins.js';
import { topicBySlug } from '../support/db.js';
import {
  admin,
  amina,
  createHarness,
  type Harness,
  messageOf,
  modalOf,
  textOf,
  tunde,
} from '../support/harness.js';

/**
 * Buttons and forms the previous version posted, id for id as it wrote them: each is still
 * answered, by the component that owns it now, with the arguments it carries.
 */
interface PostedId {
  id: string;
  actor: Actor;
  /** Present for a form's answer. */
  fields?: Record<string, string>;
  answer: (result: RouterResult) => void;
}

async function answer(bot: Harness, posted: PostedId) {
  const result = posted.fields
    ? await bot.submit(posted.actor, posted.id, posted.fields)
    : await bot.press(posted.actor, posted.id);
  if (result.type !== 'modal') expect(textOf(result), posted.id).not.toBe(staleComponent);
  posted.answer(result);
}

const saysThat = (pattern: RegExp) => (result: RouterResult) =>
  expect(textOf(result)).toMatch(pattern);
const updates = (pattern: RegExp) => (result: RouterResult) => {
  expect(result.type).toBe('update');
  expect(textOf(result)).toMatch(pattern);
};
const opens = (customId: string) => (result: RouterResult) =>
  expect(modalOf(result).customId).toBe(customId);

async function withLearningAndChallenge() {
  const bot = await createHarness();
  const redis = await topicBySlug(bot.db, 'redis');
  const saved = textOf(
    await bot.submit(amina, 'nexus:submit', { topic: 'docker', title: 'Mine', body: 'Original.' }),
  );
  const learning = Number(/learning #(\d+)/.exec(saved)?.[1]);
  const recorded = textOf(
    await bot.submit(amina, 'challenge:submit', {
      title: 'Slow builds',
      challenge: 'Every build reinstalls packages.',
      solution: 'Copy requirements first.',
      tags: 'docker',
    }),
  );
  const challenge = Number(/challenge #(\d+)/.exec(recorded)?.[1]);
  const solution = await bot.db
    .selectFrom('solutions')
    .select('id')
    .where('challenge_id', '=', challenge)
    .executeTakeFirstOrThrow();
  return { bot, redis: redis.id, learning, challenge, solution: solution.id };
}

describe('ids posted by the previous version', () => {
  it('learning and nexus', async () => {
    const { bot, redis, learning } = await withLearningAndChallenge();
    const posted: PostedId[] = [
      { id: `learning:page:${redis}:0`, actor: tunde, answer: updates(/^Redis/) },
      { id: `nexus:add:${redis}`, actor: tunde, answer: opens(`learning:submit:${redis}`) },
      {
        id: `nexus:submit-to:${redis}`,
        actor: tunde,
        fields: { title: 'TTL', body: 'Always set one.' },
        answer: saysThat(/^Saved learning #\d+ under \*\*Redis\*\*/),
      },
      {
        id: 'nexus:submit',
        actor: tunde,
        fields: { topic: 'k8s', title: 'Probes', body: 'Readiness first.' },
        answer: saysThat(/under \*\*Kubernetes\*\*/),
      },
      {
        id: `nexus:save:${learning}`,
        actor: amina,
        fields: { title: 'Mine', body: 'Changed.' },
        answer: saysThat(new RegExp(`^Updated learning #${learning}\\.$`)),
      },
      { id: `nexus:keep:${learning}`, actor: amina, answer: updates(/^Kept learning/) },
      { id: `nexus:remove:${learning}`, actor: amina, answer: updates(/^Removed learning/) },
    ];
    for (const id of posted) await answer(bot, id);
  });

  it('challenge', async () => {
    const { bot, challenge, solution } = await withLearningAndChallenge();
    const posted: PostedId[] = [
      {
        id: 'challenge:submit',
        actor: tunde,
        fields: { title: 'Flaky tests', challenge: 'They fail.', solution: '', tags: '' },
        answer: saysThat(/^Recorded challenge #\d+/),
      },
      {
        id: `challenge:solution:${challenge}`,
        actor: tunde,
        fields: { solution: 'BuildKit cache mounts.' },
        answer: saysThat(/^Added solution #\d+/),
      },
      { id: `challenge:helped:${solution}:0`, actor: tunde, answer: updates(/Slow builds/) },
      { id: `challenge:show:${challenge}:0`, actor: tunde, answer: updates(/Slow builds/) },
      {
        id: `challenge:solve:${challenge}`,
        actor: tunde,
        answer: opens(`challenge:solution:${challenge}`),
      },
      { id: 'challenge:list:0:docker::1', actor: tunde, answer: updates(/tag docker, unsolved/) },
      {
        id: `challenge:list:0::${amina.id}:0`,
        actor: tunde,
        answer: updates(new RegExp(`by <@${amina.id}>`)),
      },
      {
        id: `challenge:save:${challenge}`,
        actor: amina,
        fields: { title: 'Slower builds', challenge: 'Still slow.', tags: 'docker' },
        answer: saysThat(new RegExp(`^Updated challenge #${challenge}\\.$`)),
      },
      { id: `challenge:keep:${challenge}`, actor: amina, answer: updates(/^Kept challenge/) },
      { id: `challenge:remove:${challenge}`, actor: amina, answer: updates(/^Removed challenge/) },
    ];
    for (const id of posted) await answer(bot, id);
  });

  it('project and pair', async () => {
    const bot = await createHarness();
    await bot.run(amina, 'project', 'join', { name: 'Capstone', role: 'backend' });
    await bot.run(tunde, 'project', 'join', { name: 'Capstone', role: 'frontend' });
    const requested = messageOf(await bot.press(tunde, `pair:request:${amina.id}`));
    expect(requested.content).toMatch(/would like to pair with you/);
    const request = await bot.db.selectFrom('pair_requests').select('id').executeTakeFirstOrThrow();
    const posted: PostedId[] = [
      { id: 'project:list:0', actor: tunde, answer: updates(/^Projects/) },
      { id: 'project:show:capstone:0', actor: tunde, answer: updates(/^Capstone/) },
      { id: 'project:show:capstone:0:1', actor: tunde, answer: updates(/^Capstone/) },
      { id: 'project:round:0', actor: admin, answer: updates(/Weekly round preview/) },
      { id: 'project:round:0:1', actor: admin, answer: updates(/Weekly round preview/) },
      { id: 'pair:page:frontend:0', actor: amina, answer: updates(/Frontend learners/) },
      { id: `pair:accept:${request.id}`, actor: amina, answer: updates(/are now paired/) },
      { id: `pair:decline:${request.id}`, actor: amina, answer: saysThat(/already answered/) },
    ];
    for (const id of posted) await answer(bot, id);
    const pair = await bot.db.selectFrom('pairs').select('id').executeTakeFirstOrThrow();
    await answer(bot, { id: `pair:end:${pair.id}`, actor: tunde, answer: saysThat(/^Pair ended/) });
  });

  it('sync', async () => {
    const bot = await createHarness();
    const week = weekKey(bot.now());
    const posted: PostedId[] = [
      {
        id: 'sync:prompt-add',
        actor: admin,
        fields: { text: 'What did you ship?' },
        answer: saysThat(/^Added prompt #\d+\.$/),
      },
      { id: `sync:checkin:${week}:yes`, actor: amina, answer: saysThat(/you have none in it/) },
      {
        id: `sync:met:1:${week}:no`,
        actor: amina,
        answer: saysThat(/^That pair no longer exists/),
      },
    ];
    for (const id of posted) await answer(bot, id);
  });
});
