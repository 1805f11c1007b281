import { describe, expect, it } from 'vitest';
import { toDiscordMessage } from '../../src/discord/render.js';
import {
  admin,
  amina,
  createHarness,
  type Harness,
  member,
  messageOf,
  textOf,
  tunde,
} from '../support/harness.js';

const bola = member('bola', '700000000000000011');
const zara = member('zara', '700000000000000012');
const day = 24 * 60 * 60 * 1000;

async function join(bot: Harness, actor: typeof amina, options: Record<string, string | number>) {
  return bot.run(actor, 'project', 'join', options);
}

async function learners(bot: Harness) {
  return bot.db.selectFrom('learners').selectAll().orderBy('user_name').execute();
}

async function travelTeam(bot: Harness) {
  await join(bot, amina, {
    name: 'ALX Travel App',
    role: 'backend',
    timezone: 'Africa/Lagos',
    repo: 'https://github.com/amina/api',
  });
  await join(bot, bola, { name: 'alx travel app', role: 'backend', timezone: 'Asia/Tokyo' });
  await join(bot, tunde, { name: 'ALX  Travel App', role: 'frontend', timezone: 'Europe/London' });
  await join(bot, zara, { name: 'Chat App', role: 'frontend' });
}

function buttons(result: Awaited<ReturnType<Harness['run']>>) {
  return messageOf(result).buttons?.flat() ?? [];
}

describe('/project join, leave and show', () => {
  it('normalizes names to one project, updates on a second join and offers a close name', async () => {
    const bot = await createHarness();
    await travelTeam(bot);
    const rows = await learners(bot);
    expect(rows.filter((l) => l.project_slug === 'alx-travel-app').map((l) => l.user_name)).toEqual(
      ['amina', 'bola', 'tunde'],
    );
    expect(rows.find((l) => l.user_name === 'zara')).toMatchObject({
      timezone: 'UTC',
      max_partners: 1,
    });
    const typo = textOf(await join(bot, zara, { name: 'ALX Travl App', role: 'frontend' }));
    expect(typo).toContain('Did you mean **ALX Travel App**?');
    const again = textOf(
      await join(bot, amina, { name: 'ALX Travel App', role: 'backend', max_partners: 2 }),
    );
    expect(again).toContain('Updated: you are **backend** on **ALX Travel App**');
    expect((await learners(bot)).find((l) => l.user_name === 'amina')).toMatchObject({
      max_partners: 2,
      repo: 'https://github.com/amina/api',
      timezone: 'Africa/Lagos',
    });
  });

  it.each([
    [
      { repo: 'ftp://example.com/x' },
      "The option `repo` isn't valid: repo must be an http(s) link, such as https://github.com/you/project.",
    ],
    [
      { api_docs: 'not a link' },
      "The option `api_docs` isn't valid: api_docs must be an http(s) link, such as https://github.com/you/project.",
    ],
    [
      { timezone: 'Mars/Olympus' },
      'The option `timezone` isn\'t valid: Unknown timezone "Mars/Olympus". Use an IANA name such as Africa/Lagos or Europe/London.',
    ],
    [{ max_partners: 4 }, "The option `max_partners` isn't valid: a number from 1 to 3."],
    [{ role: 'designer' }, "The option `role` isn't valid: backend or frontend."],
    [{ name: '!!' }, "The option `name` isn't valid: a project name with letters or digits."],
  ])('refuses %j clearly and stores nothing', async (bad, message) => {
    const bot = await createHarness();
    const result = await join(bot, amina, { name: 'ALX Travel App', role: 'backend', ...bad });
    expect(messageOf(result).ephemeral).toBe(true);
    expect(textOf(result)).toBe(message);
    expect(await learners(bot)).toEqual([]);
    expect(await bot.db.selectFrom('projects').selectAll().execute()).toEqual([]);
  });

  it('shows a project with members, links and pairs, lists projects, and leaves', async () => {
    const bot = await createHarness();
    await travelTeam(bot);
    const shown = textOf(await bot.run(tunde, 'project', 'show'));
    expect(shown).toContain('ALX Travel App');
    expect(shown).toContain('Backend (2)');
    expect(shown).toContain('[repo](https://github.com/amina/api)');
    const list = textOf(await bot.run(amina, 'project', 'list'));
    expect(list).toContain('**ALX Travel App** · 2 backend, 1 frontend');
    expect(list).toContain('**Chat App** · 0 backend, 1 frontend');
    expect(textOf(await bot.run(bola, 'project', 'leave'))).toContain('You left');
    expect(textOf(await bot.run(amina, 'project', 'list'))).toContain('1 backend, 1 frontend');
  });
});

describe('/pair, requests and answers', () => {
  it('ranks candidates of the counterpart role on the caller project only', async () => {
    const bot = await createHarness();
    await travelTeam(bot);
    const result = await bot.run(tunde, 'pair');
    const text = textOf(result);
    expect(text).toMatch(/1\. \*\*amina\*\* · Africa\/Lagos \(1 h apart\)[\s\S]*2\. \*\*bola\*\*/);
    expect(text).not.toContain('zara');
    expect(buttons(result).map((b) => b.label)).toEqual(['Request amina', 'Request bola']);
  });

  it('says so when nobody is there, and points to projects that have the role', async () => {
    const bot = await createHarness();
    await travelTeam(bot);
    const text = textOf(await bot.run(zara, 'pair'));
    expect(text).toContain('Nobody on **Chat App** is a backend learner open to pairing yet.');
    expect(text).toContain('**ALX Travel App** (2)');
    expect(text).toContain('Invite the backend learners of your project');
  });

  it('posts a request that pings only the requested member, whom alone may accept', async () => {
    const bot = await createHarness();
    await travelTeam(bot);
    const request = await bot.press(tunde, `pair:request:${amina.id}`);
    const message = messageOf(request);
    expect(message.ephemeral).toBeFalsy();
    expect(message.content).toContain(`<@${amina.id}>, **tunde** (frontend on **ALX Travel App**)`);
    expect(toDiscordMessage(message).allowed_mentions).toEqual({ parse: [], users: [amina.id] });
    const accept = buttons(request).find((b) => b.label === 'Accept')?.customId ?? '';
    expect(textOf(await bot.press(bola, accept))).toBe(
      'Only the member this request was sent to can answer it.',
    );
    expect(textOf(await bot.press(tunde, `pair:request:${amina.id}`))).toBe(
      'A request between you two is already waiting for an answer.',
    );
    const accepted = await bot.press(amina, accept);
    expect(accepted.type).toBe('update');
    expect(textOf(accepted)).toContain('are now paired on **ALX Travel App**');
    expect(textOf(accepted)).toContain('[repo](https://github.com/amina/api)');
    const pairs = await bot.db.selectFrom('pairs').selectAll().execute();
    expect(pairs).toMatchObject([
      { backend_id: amina.id, frontend_id: tunde.id, status: 'active' },
    ]);
    expect(textOf(await bot.press(amina, accept))).toBe('This request was already answered.');
    expect(textOf(await bot.press(tunde, `pair:request:${bola.id}`))).toContain(
      'You already have all the partners you asked for',
    );

    const mine = await bot.run(tunde, 'pair');
    const end = buttons(mine).find((b) => b.label === 'End with amina');
    expect(textOf(await bot.press(bola, end?.customId ?? ''))).toBe(
      'Only the two members of a pair can end it.',
    );
    expect(textOf(await bot.press(tunde, end?.customId ?? ''))).toContain('Pair ended.');
  });

  it('declines, and expires requests after 7 days', async () => {
    const bot = await createHarness();
    await travelTeam(bot);
    const first = buttons(await bot.press(tunde, `pair:request:${amina.id}`));
    expect(textOf(await bot.press(amina, first[1]?.customId ?? ''))).toContain('Request declined');
    const second = buttons(await bot.press(tunde, `pair:request:${bola.id}`));
    bot.advance(7 * day + 1);
    expect(textOf(await bot.press(bola, second[0]?.customId ?? ''))).toContain(
      'This request has expired',
    );
    expect(await bot.db.selectFrom('pairs').selectAll().execute()).toEqual([]);
  });

  it('drops members who left the server from matching', async () => {
    const bot = await createHarness({ departed: new Set([amina.id]) });
    await travelTeam(bot);
    expect(textOf(await bot.run(tunde, 'pair'))).not.toContain('amina');
    expect((await learners(bot)).map((l) => l.user_name)).not.toContain('amina');
  });

  it('keeps paused members out of matching until resumed or their date passes', async () => {
    const bot = await createHarness();
    await travelTeam(bot);
    expect(textOf(await bot.run(amina, 'project', 'pause'))).toContain('Paused');
    expect(textOf(await bot.run(tunde, 'pair'))).not.toContain('amina');
    await bot.run(amina, 'project', 'resume');
    expect(textOf(await bot.run(tunde, 'pair'))).toContain('amina');
    expect(textOf(await bot.run(amina, 'project', 'pause', { until: '2026-11-25' }))).toContain(
      'Paused until 2026-11-25',
    );
    expect(textOf(await bot.run(tunde, 'pair'))).not.toContain('amina');
    bot.advance(4 * day);
    expect(textOf(await bot.run(tunde, 'pair'))).toContain('amina');
    expect(textOf(await bot.run(amina, 'project', 'pause', { until: '2020-01-01' }))).toContain(
      'is not in the future',
    );
  });
});

describe('/project round', () => {
  it('previews the weekly round for Manage Server only, listing the unmatched', async () => {
    const bot = await createHarness();
    await travelTeam(bot);
    expect(textOf(await bot.run(amina, 'project', 'round'))).toBe(
      '/project round needs the Manage Server permission.',
    );
    const preview = textOf(await bot.run(admin, 'project', 'round'));
    expect(preview).toMatch(/1 new pair\./);
    expect(preview).toContain('**ALX Travel App**: amina ↔ tunde');
    expect(preview).toContain('**Unmatched (2)**\nbola\nzara');
    expect(await bot.db.selectFrom('pairs').selectAll().execute()).toEqual([]);
  });
});
