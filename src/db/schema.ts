import type { Generated, Insertable, Kysely, Selectable } from 'kysely';

/** Where a learning came from; the shipped-data loader only ever touches `shipped` rows. */
export type Origin = 'shipped' | 'community' | 'imported';

export interface TopicTable {
  id: Generated<number>;
  slug: string;
  name: string;
  /** JSON array of lowercase tags. */
  tags: string;
  /** Hash of the shipped file the topic was last loaded from; null for topics not from a file. */
  source_hash: string | null;
}

export interface TopicAliasTable {
  alias: string;
  topic_id: number;
}

export interface LearningTable {
  id: Generated<number>;
  topic_id: number;
  /** Null for shipped learnings, which every server sees. */
  guild_id: string | null;
  origin: Origin;
  author_id: string | null;
  author_name: string;
  /** Shipped: `<file>#<heading>`; imported: `<file>:<line>`; community: null. */
  source: string | null;
  title: string;
  body: string;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface TopicUsageTable {
  guild_id: string;
  topic_id: number;
  uses: number;
  last_used_at: string;
}

export type MissKind = 'topic' | 'search';

export interface SearchMissTable {
  guild_id: string;
  kind: MissKind;
  query: string;
  misses: number;
  last_missed_at: string;
}

export interface ChallengeTable {
  id: Generated<number>;
  /** Null for shipped challenges, which every server sees. */
  guild_id: string | null;
  origin: Origin;
  author_id: string | null;
  author_name: string;
  /** Shipped: `<file>`; imported: `<file>:<line>`; community: null. */
  source: string | null;
  title: string;
  body: string;
  /** JSON array of tags that name no topic. */
  free_tags: string;
  promoted_learning_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface ChallengeTopicTable {
  challenge_id: number;
  topic_id: number;
  /** 0 is the main topic. */
  position: number;
}

export interface SolutionTable {
  id: Generated<number>;
  challenge_id: number;
  guild_id: string | null;
  origin: Origin;
  author_id: string | null;
  author_name: string;
  body: string;
  created_at: string;
}

export interface SolutionVoteTable {
  solution_id: number;
  voter_id: string;
  created_at: string;
}

export interface Database {
  topics: TopicTable;
  topic_aliases: TopicAliasTable;
  learnings: LearningTable;
  topic_usage: TopicUsageTable;
  search_misses: SearchMissTable;
  challenges: ChallengeTable;
  challenge_topics: ChallengeTopicTable;
  solutions: SolutionTable;
  solution_votes: SolutionVoteTable;
}

export type Db = Kysely<Database>;
export type Topic = Selectable<TopicTable>;
export type Learning = Selectable<LearningTable>;
export type NewLearning = Insertable<LearningTable>;
export type Challenge = Selectable<ChallengeTable>;
export type Solution = Selectable<SolutionTable>;
