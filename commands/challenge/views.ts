import {
  type ChallengeFilter,
  challengeTopics,
  listChallenges,
  rankedSolutions,
} from '../../src/challenges/challenges.js';
import type { Challenge } from '../../src/db/schema.js';
import type { Context } from '../../src/interaction/command.js';
import {
  componentId,
  flag,
  orEmpty,
  position,
  rest,
  rowId,
  snowflake,
  word,
} from '../../src/interaction/component-id.js';
import { type Button, brandColor, type Message } from '../../src/interaction/message.js';
import { fromArray, pageButtons, readPage } from '../../src/interaction/paginate.js';
import { findTopicByName } from '../../src/learnings/topics.js';
import { truncate } from '../../src/text.js';

const solutionsPerPage = 3;
const challengesPerPage = 10;

/** A page of a challenge's solutions. */
export const solutionsPageId = componentId('challenge', 'show', { id: rowId, page: position });
/** "This helped": the vote, then the same page again. */
export const helpedId = componentId('challenge', 'helped', { solutionId: rowId, page: position });
/** "Add a solution": opens the solution form. */
export const solveId = componentId('challenge', 'solve', { id: rowId });
/** A page of a filtered list; the tag goes last, where it may hold colons. */
export const listPageId = componentId('challenge', 'list', {
  page: position,
  author: orEmpty(snowflake),
  unsolved: flag,
  tag: rest(40),
});
/** The list's paging as earlier versions wrote it, with a tag that could hold no colon. */
export const formerListPageId = componentId('challenge', 'list', {
  page: position,
  tag: word(40),
  author: orEmpty(snowflake),
  unsolved: flag,
});

export async function tagLine(ctx: Context, challenge: Challenge): Promise<string> {
  const topics = (await challengeTopics(ctx.db, challenge.id)).map((t) => t.name);
  const free = JSON.parse(challenge.free_tags) as string[];
  return [...topics, ...free].join(', ');
}

/** A challenge with a page of its solutions, most helpful first; page and ids live in customIds. */
export async function challengeView(
  ctx: Context,
  challenge: Challenge,
  requestedPage: number,
): Promise<Message> {
  const {
    items: shown,
    page,
    pages,
    total,
  } = await readPage(
    requestedPage,
    solutionsPerPage,
    fromArray(await rankedSolutions(ctx.db, ctx.guildId, challenge.id)),
  );
  const tags = await tagLine(ctx, challenge);
  const meta = [
    `Raised by ${challenge.author_name}`,
    tags ? `Tags: ${tags}` : undefined,
    challenge.promoted_learning_id !== null
      ? `Promoted to learning #${challenge.promoted_learning_id}`
      : undefined,
  ].filter(Boolean);
  const blocks = shown.map(
    (s) =>
      `**Solution #${s.id}** by ${s.author_name} · ${s.helpful} found this helpful\n${truncate(s.body, 900)}`,
  );
  const body =
    total === 0
      ? `*No solution yet. Found one? /challenge solve id:${challenge.id}*`
      : blocks.join('\n\n');
  const helped: Button[] = shown.map((s) => ({
    customId: helpedId.encode({ solutionId: s.id, page }),
    label: `This helped #${s.id}`,
    style: 'success',
  }));
  const paging = pageButtons(page, pages, (target) =>
    solutionsPageId.encode({ id: challenge.id, page: target }),
  );
  return {
    embeds: [
      {
        title: truncate(`#${challenge.id} · ${challenge.title}`, 256),
        description: `${challenge.body}\n*${meta.join(' · ')}*\n\n${body}`,
        color: brandColor,
        footer: `${total} solution${total === 1 ? '' : 's'}${pages > 1 ? ` · page ${page + 1}/${pages}` : ''}`,
      },
    ],
    buttons: [
      helped,
      [
        ...paging,
        {
          customId: solveId.encode({ id: challenge.id }),
          label: 'Add a solution',
          style: 'primary',
        },
      ],
    ],
  };
}

/** A list's page and filters, as its paging buttons carry them. */
export interface ListState {
  page: number;
  /** '' for any tag. */
  tag: string;
  author: string | undefined;
  unsolved: boolean;
}

async function filterFor(ctx: Context, state: ListState): Promise<ChallengeFilter> {
  const filter: ChallengeFilter = { unsolved: state.unsolved };
  if (state.author) filter.authorId = state.author;
  if (state.tag) {
    const topic = await findTopicByName(ctx.db, state.tag);
    if (topic) filter.topicId = topic.topic.id;
    else filter.freeTag = state.tag.toLowerCase();
  }
  return filter;
}

export async function listView(ctx: Context, state: ListState): Promise<Message> {
  const filter = await filterFor(ctx, state);
  const { items, page, pages, total } = await readPage(state.page, challengesPerPage, (window) =>
    listChallenges(ctx.db, ctx.guildId, filter, window),
  );
  const lines = items.map((c) => {
    const solved =
      c.solutions === 0
        ? 'no solution yet'
        : `${c.solutions} solution${c.solutions === 1 ? '' : 's'}, ${c.helpful} helpful`;
    return `**#${c.id} · ${truncate(c.title, 90)}**\n${c.author_name} · ${solved}`;
  });
  const described = [
    state.tag && `tag ${state.tag}`,
    state.author && `by <@${state.author}>`,
    state.unsolved && 'unsolved',
  ].filter(Boolean);
  return {
    embeds: [
      {
        title: `Challenges${described.length ? ` (${described.join(', ')})` : ''}`,
        description: lines.length
          ? lines.join('\n\n')
          : 'No challenge matches. Record one with /challenge add.',
        color: brandColor,
        footer: `${total} challenge${total === 1 ? '' : 's'} · page ${page + 1}/${pages} · /challenge show id:<id>`,
      },
    ],
    buttons: [pageButtons(page, pages, (target) => listPageId.encode({ ...state, page: target }))],
  };
}
