import { escapeMarkdown } from 'discord.js';
import { distance } from 'fastest-levenshtein';
import type { Learner, Role } from '../src/db/schema.js';
import type { Context } from '../src/interaction/command.js';
import { componentId, oneOf, position, rowId, snowflake } from '../src/interaction/component-id.js';
import { button, defineCommand, route } from '../src/interaction/declare.js';
import {
  type Button,
  brandColor,
  type Message,
  notice,
  reply,
  update,
} from '../src/interaction/message.js';
import { option } from '../src/interaction/options.js';
import { pageButtons, readPage } from '../src/interaction/paginate.js';
import {
  activePairs,
  answerRequest,
  counterpart,
  endPair,
  partnerOf,
  type RequestRefusal,
  rankCandidates,
  requestPair,
} from '../src/pairing/pairs.js';
import {
  findProject,
  getLearner,
  leaveProject,
  listProjects,
  touchLearner,
} from '../src/pairing/projects.js';
import { links, requestLifetime, roles } from './common/pairing.js';

/** Two rows of five Request buttons, under Discord's five rows with the End and paging rows. */
const candidatesPerPage = 10;

const pageId = componentId('pair', 'page', { role: oneOf(roles), page: position });
const requestId = componentId('pair', 'request', { to: snowflake });
const acceptId = componentId('pair', 'accept', { requestId: rowId });
const declineId = componentId('pair', 'decline', { requestId: rowId });
const endId = componentId('pair', 'end', { pairId: rowId });

const name = (learner: Learner) => escapeMarkdown(learner.user_name);

const projectName = async (ctx: Context, learner: Learner) =>
  escapeMarkdown(
    (await findProject(ctx.db, ctx.guildId, learner.project_slug))?.name ?? learner.project_slug,
  );

const hours = (minutes: number) =>
  minutes === 0 ? 'same time' : `${Math.round((minutes / 60) * 10) / 10} h apart`;

/**
 * A page of candidates. Candidates who left the server are dropped from matching for good, and
 * the page is read again without them, so it stays full.
 */
async function candidatePage(ctx: Context, me: Learner, role: Role, requestedPage: number) {
  for (;;) {
    const page = await readPage(requestedPage, candidatesPerPage, (window) =>
      rankCandidates(ctx.db, me, role, ctx.now(), window),
    );
    let departed = false;
    for (const { learner } of page.items) {
      if (await ctx.members.isMember(learner.user_id)) continue;
      await leaveProject(ctx.db, ctx.guildId, learner.user_id, ctx.now());
      departed = true;
    }
    if (!departed) return page;
  }
}

/** Projects that do have learners of `role`, nearest in name to the caller's. */
async function nearestProjects(ctx: Context, slug: string, role: Role) {
  return (await listProjects(ctx.db, ctx.guildId))
    .filter((p) => p.slug !== slug && p[role] > 0)
    .sort((a, b) => distance(a.slug, slug) - distance(b.slug, slug) || a.name.localeCompare(b.name))
    .slice(0, 3);
}

const refusals: Record<RequestRefusal, string> = {
  'not-joined': 'Join a project first: /project join name:<project> role:<backend|frontend>.',
  self: 'You cannot pair with yourself.',
  gone: 'That learner is no longer open to pairing.',
  'other-project': 'That learner has moved to another project.',
  'same-role': 'That learner now has the same role as you.',
  'already-paired': 'You are already paired with them.',
  pending: 'A request between you two is already waiting for an answer.',
  full: 'That learner already has all the partners they asked for.',
  'you-full':
    'You already have all the partners you asked for: end a pair, or raise max_partners with /project join.',
};

/** The caller's candidates of `role`, a page at a time, and their active pairs. Private. */
async function candidatesView(
  ctx: Context,
  me: Learner,
  role: Role,
  requestedPage: number,
): Promise<Message> {
  await touchLearner(ctx.db, ctx.guildId, me.user_id, ctx.now());
  const {
    items: candidates,
    page,
    pages,
    total,
    offset,
  } = await candidatePage(ctx, me, role, requestedPage);
  const mine = await activePairs(ctx.db, ctx.guildId, me.user_id);
  const partners = new Map(
    (
      await Promise.all(mine.map((p) => getLearner(ctx.db, ctx.guildId, partnerOf(p, me.user_id))))
    ).flatMap((l) => (l ? [[l.user_id, l]] : [])),
  );
  const lines = candidates.map(
    (c, i) =>
      `${offset + i + 1}. **${name(c.learner)}** · ${c.learner.timezone} (${hours(c.timezoneDistance)}) · ${c.activePartners}/${c.learner.max_partners} partners${c.pairedWithCaller ? ' · already your partner' : ''}`,
  );
  let description = lines.join('\n');
  if (total === 0) {
    const nearest = await nearestProjects(ctx, me.project_slug, role);
    description = [
      `Nobody on **${await projectName(ctx, me)}** is a ${role} learner open to pairing yet.`,
      nearest.length
        ? `Projects that have ${role} learners: ${nearest.map((p) => `**${escapeMarkdown(p.name)}** (${p[role]})`).join(', ')}.`
        : undefined,
      `Invite the ${role} learners of your project to run /project join name:"${await projectName(ctx, me)}" role:${role}.`,
    ]
      .filter(Boolean)
      .join('\n');
  }
  const requestButtons: Button[] = candidates
    .filter((c) => !c.pairedWithCaller)
    .map((c) => ({
      customId: requestId.encode({ to: c.learner.user_id }),
      label: `Request ${c.learner.user_name}`,
      style: 'primary',
    }));
  const endButtons: Button[] = mine.map((p) => ({
    customId: endId.encode({ pairId: p.id }),
    label: `End with ${partners.get(partnerOf(p, me.user_id))?.user_name ?? 'partner'}`,
    style: 'danger',
  }));
  return {
    ephemeral: true,
    embeds: [
      {
        title: `${role === 'frontend' ? 'Frontend' : 'Backend'} learners on your project`,
        description,
        color: brandColor,
        // One field per partner: each carries two links of up to 300 characters.
        fields: mine.map((p) => {
          const partner = partners.get(partnerOf(p, me.user_id));
          return {
            name: 'Your active pair',
            value: partner ? `**${name(partner)}**\n${links(partner)}` : 'someone who left',
          };
        }),
        footer: `${total} open to pairing${pages > 1 ? ` · page ${page + 1}/${pages}` : ''} · Requests expire after ${requestLifetime}.`,
      },
    ],
    buttons: [
      requestButtons.slice(0, 5),
      requestButtons.slice(5, 10),
      endButtons,
      pageButtons(page, pages, (target) => pageId.encode({ role, page: target })),
    ].filter((row) => row.length > 0),
  };
}

export const pairCommand = defineCommand({
  name: 'pair',
  description: 'Find a partner on your project: backend and frontend learners',
  routes: {
    '': route({
      help: 'Candidates on your project to pair with, and your active pairs',
      options: {
        role: option.choice(roles, 'Which side to look for (default: your counterpart)').optional(),
      },
      async run(ctx, options) {
        const me = await getLearner(ctx.db, ctx.guildId, ctx.actor.id);
        if (!me) return notice(refusals['not-joined']);
        return reply(await candidatesView(ctx, me, options.role ?? counterpart(me.role), 0));
      },
    }),
  },
  components: [
    button({
      id: pageId,
      async run(ctx, { role, page }) {
        const me = await getLearner(ctx.db, ctx.guildId, ctx.actor.id);
        if (!me) return notice(refusals['not-joined']);
        return update(await candidatesView(ctx, me, role, page));
      },
    }),
    button({
      id: requestId,
      async run(ctx, { to }) {
        if (!(await ctx.members.isMember(to))) {
          await leaveProject(ctx.db, ctx.guildId, to, ctx.now());
          return notice(refusals.gone);
        }
        const result = await requestPair(ctx.db, ctx.guildId, ctx.actor.id, to, ctx.now());
        if ('refused' in result) return notice(refusals[result.refused]);
        const { request, from } = result;
        return reply({
          content: `<@${to}>, **${name(from)}** (${from.role} on **${await projectName(ctx, from)}**) would like to pair with you. Answer within ${requestLifetime}.`,
          mentions: [to],
          buttons: [
            [
              {
                customId: acceptId.encode({ requestId: request.id }),
                label: 'Accept',
                style: 'success',
              },
              {
                customId: declineId.encode({ requestId: request.id }),
                label: 'Decline',
                style: 'secondary',
              },
            ],
          ],
        });
      },
    }),
    button({ id: acceptId, run: (ctx, { requestId }) => answer(ctx, requestId, true) }),
    button({ id: declineId, run: (ctx, { requestId }) => answer(ctx, requestId, false) }),
    button({
      id: endId,
      async run(ctx, { pairId }) {
        const ended = await endPair(ctx.db, ctx.guildId, pairId, ctx.actor.id, ctx.now());
        if (ended === 'not-found') return notice('That pair has already ended.');
        if (ended === 'not-yours') return notice('Only the two members of a pair can end it.');
        return notice('Pair ended. Find someone new with /pair.');
      },
    }),
  ],
});

async function answer(ctx: Context, requestId: number, accept: boolean) {
  const outcome = await answerRequest(
    ctx.db,
    ctx.guildId,
    requestId,
    ctx.actor.id,
    accept,
    ctx.now(),
  );
  if ('refused' in outcome) {
    const texts = {
      'not-found': 'That request no longer exists.',
      'not-yours': 'Only the member this request was sent to can answer it.',
      expired: `This request has expired (requests last ${requestLifetime}). Send a new one with /pair.`,
      answered: 'This request was already answered.',
      gone: 'One of you has left the project or changed role, so this request no longer applies.',
      full: 'One of you already has all the partners they asked for.',
    };
    return notice(texts[outcome.refused]);
  }
  if (outcome.answered === 'declined')
    return update({ content: 'Request declined. No hard feelings: try /pair again any time.' });
  const { from, to } = outcome;
  return update({
    content: `**${name(from)}** and **${name(to)}** are now paired on **${await projectName(ctx, from)}**. Share your API contract and plan a weekly sync-up!`,
    embeds: [
      {
        color: brandColor,
        fields: [
          { name: `${from.user_name} (${from.role})`, value: links(from) },
          { name: `${to.user_name} (${to.role})`, value: links(to) },
        ],
      },
    ],
  });
}
