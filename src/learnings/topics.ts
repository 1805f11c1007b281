import { distance } from 'fastest-levenshtein';
import type { Db, Topic } from '../db/schema.js';
import { slugify } from '../text.js';
import { searchLearnings } from './search.js';

export interface TopicWithAliases extends Topic {
  aliases: string[];
}

/**
 * Topics change only when the shipped data loads, so they are read once per database handle and
 * kept: autocomplete and topic lookups then cost no query.
 */
const cache = new WeakMap<Db, Promise<TopicWithAliases[]>>();

async function readTopics(db: Db): Promise<TopicWithAliases[]> {
  const [topics, aliases] = await Promise.all([
    db.selectFrom('topics').selectAll().orderBy('name').execute(),
    db.selectFrom('topic_aliases').selectAll().orderBy('alias').execute(),
  ]);
  return topics.map((topic) => ({
    ...topic,
    aliases: aliases.filter((a) => a.topic_id === topic.id).map((a) => a.alias),
  }));
}

export function listTopics(db: Db): Promise<TopicWithAliases[]> {
  let topics = cache.get(db);
  if (!topics) {
    topics = readTopics(db);
    cache.set(db, topics);
    topics.catch(() => cache.delete(db));
  }
  return topics;
}

/** Called by whatever changes topics, so the next lookup reads them again. */
export function forgetTopics(db: Db): void {
  cache.delete(db);
}

export async function getTopic(db: Db, id: number): Promise<Topic | undefined> {
  return (await listTopics(db)).find((topic) => topic.id === id);
}

export type Resolution = { topic: Topic; via: 'name' | 'alias' | 'search' };

/** Exact name (or slug), then alias: the strict lookup used where a topic must exist. */
export async function findTopicByName(db: Db, text: string): Promise<Resolution | undefined> {
  const slug = slugify(text);
  if (slug === '') return undefined;
  const lower = text.trim().toLowerCase();
  const topics = await listTopics(db);
  const byName = topics.find((topic) => topic.slug === slug || topic.name.toLowerCase() === lower);
  if (byName) return { topic: byName, via: 'name' };
  const byAlias = topics.find((topic) => topic.aliases.includes(slug));
  return byAlias ? { topic: byAlias, via: 'alias' } : undefined;
}

/** Name, then alias, then the topic of the best full-text match. */
export async function resolveTopic(
  db: Db,
  guildId: string,
  text: string,
): Promise<Resolution | undefined> {
  const strict = await findTopicByName(db, text);
  if (strict) return strict;
  const [best] = (await searchLearnings(db, guildId, text, 1)).hits;
  if (!best) return undefined;
  const topic = await getTopic(db, best.topicId);
  return topic ? { topic, via: 'search' } : undefined;
}

/** Up to `limit` topics whose name, slug or alias is a short edit away: "dockr" -> Docker. */
export async function suggestTopics(db: Db, text: string, limit = 3): Promise<Topic[]> {
  const wanted = slugify(text);
  if (wanted === '') return [];
  const scored = (await listTopics(db))
    .map((topic) => {
      const names = [topic.slug, slugify(topic.name), ...topic.aliases];
      return { topic, score: Math.min(...names.map((name) => distance(wanted, name))) };
    })
    .filter(({ score }) => score <= Math.max(2, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.score - b.score || a.topic.name.localeCompare(b.topic.name));
  return scored.slice(0, limit).map(({ topic }) => topic);
}

export interface TopicChoice {
  name: string;
  value: string;
}

/** Ranked choices for autocomplete: exact name, exact alias, then prefix and substring matches. */
export async function autocompleteTopics(
  db: Db,
  typed: string,
  limit = 25,
): Promise<TopicChoice[]> {
  const query = typed.trim().toLowerCase();
  const slug = slugify(query);
  const ranked: { rank: number; name: string; value: string }[] = [];
  for (const topic of await listTopics(db)) {
    const name = topic.name.toLowerCase();
    const nameRank =
      query === ''
        ? 4
        : name === query || topic.slug === slug
          ? 0
          : name.startsWith(query) || topic.slug.startsWith(slug)
            ? 2
            : name.includes(query)
              ? 4
              : undefined;
    const aliasRanks = topic.aliases.map((alias) => ({
      alias,
      rank: alias === slug ? 1 : alias.startsWith(slug) ? 3 : alias.includes(slug) ? 5 : undefined,
    }));
    const bestAlias = aliasRanks
      .filter((a): a is { alias: string; rank: number } => a.rank !== undefined && slug !== '')
      .sort((a, b) => a.rank - b.rank)[0];
    const rank = Math.min(nameRank ?? Infinity, bestAlias?.rank ?? Infinity);
    if (rank === Infinity) continue;
    const viaAlias = bestAlias !== undefined && bestAlias.rank === rank && rank !== nameRank;
    ranked.push({
      rank,
      name: viaAlias ? `${topic.name} (${bestAlias.alias})` : topic.name,
      value: topic.slug,
    });
  }
  return ranked
    .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map(({ name, value }) => ({ name, value }));
}
