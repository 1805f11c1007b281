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

/** Kept by triggers: learnings per topic and server; guild_key '' counts the shipped ones. */
export interface LearningCountTable {
  topic_id: number;
  guild_key: string;
  learnings: number;
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

export type Role = 'backend' | 'frontend';

export interface ProjectTable {
  guild_id: string;
  slug: string;
  name: string;
  created_at: string;
}

export interface LearnerTable {
  guild_id: string;
  user_id: string;
  user_name: string;
  project_slug: string;
  role: Role;
  repo: string | null;
  api_docs: string | null;
  timezone: string;
  max_partners: number;
  /** 1 while out of matching; with `paused_until`, only until that moment. */
  paused: number;
  paused_until: string | null;
  joined_at: string;
  last_active_at: string;
}

export interface PairTable {
  id: Generated<number>;
  guild_id: string;
  project_slug: string;
  backend_id: string;
  frontend_id: string;
  status: 'active' | 'ended';
  origin: 'request' | 'round';
  created_at: string;
  ended_at: string | null;
}

/** Moved by triggers on every change of learners or pairs the weekly round reads. */
export interface PairingRevisionTable {
  guild_id: string;
  revision: number;
}

export interface PairRequestTable {
  id: Generated<number>;
  guild_id: string;
  project_slug: string;
  from_id: string;
  to_id: string;
  status: 'pending' | 'accepted' | 'declined' | 'expired';
  created_at: string;
  expires_at: string;
}

export interface SyncSettingsTable {
  guild_id: string;
  channel_id: string;
  cron: string;
  timezone: string;
  paused: number;
  auto_pair: number;
  grace_hours: number;
  /** Index of the next prompt in the rotation. */
  prompt_cursor: number;
  /** Slots before this moment never run: set when the schedule is created or changed. */
  schedule_since: string;
  /** When `channel_id` was deleted; nothing posts until another channel is chosen or adopted. */
  channel_lost_at: string | null;
}

export interface SyncPromptTable {
  id: Generated<number>;
  guild_id: string;
  text: string;
  author_id: string;
  created_at: string;
}

export type RunKind = 'scheduled' | 'late' | 'manual' | 'missed';
export type RunStatus = 'sending' | 'posted' | 'failed' | 'missed' | 'unknown';

export interface SyncRunTable {
  id: Generated<number>;
  guild_id: string;
  slot: string;
  kind: RunKind;
  status: RunStatus;
  reason: string | null;
  created_at: string;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'unknown';

export interface SyncOutboxTable {
  id: Generated<number>;
  run_id: number;
  guild_id: string;
  channel_id: string;
  message_key: string;
  /** JSON of the Message to post. */
  payload: string;
  /** Unique per message, at most 25 characters: Discord returns the first message on a resend. */
  nonce: string;
  status: OutboxStatus;
  message_id: string | null;
  error: string | null;
  created_at: string;
  sent_at: string | null;
  /** The part of the run's threads this digest goes in; null: the channel itself. */
  thread_part: number | null;
}

export type ThreadStatus = 'pending' | 'started' | 'refused';

/** A weekly thread of a run: started once, its id kept as soon as Discord gives it. */
export interface SyncThreadTable {
  run_id: number;
  /** 1 for the thread started from the prompt; 2, 3… for the parts started on their own. */
  part: number;
  /** The channel the thread is started in. */
  channel_id: string;
  name: string;
  thread_id: string | null;
  /** `refused`: the bot may not start threads there; its digests go in the channel itself. */
  status: ThreadStatus;
  error: string | null;
}

export interface SyncCheckinTable {
  pair_id: number;
  slot: string;
  user_id: string;
  answer: 'yes' | 'no' | null;
  asked_at: string;
  answered_at: string | null;
}

/** A single row (id 1) that the health check rewrites to prove the database takes a write. */
export interface HealthProbeTable {
  id: number;
  checked_at: string;
}

/** A shipped data folder, by name, and the fingerprint of its files when last loaded. */
export interface ShippedFolderTable {
  folder: 'learnings' | 'challenges';
  fingerprint: string;
}

export interface Database {
  topics: TopicTable;
  topic_aliases: TopicAliasTable;
  learnings: LearningTable;
  learning_counts: LearningCountTable;
  topic_usage: TopicUsageTable;
  search_misses: SearchMissTable;
  challenges: ChallengeTable;
  challenge_topics: ChallengeTopicTable;
  solutions: SolutionTable;
  solution_votes: SolutionVoteTable;
  projects: ProjectTable;
  learners: LearnerTable;
  pairs: PairTable;
  pair_requests: PairRequestTable;
  pairing_revisions: PairingRevisionTable;
  sync_settings: SyncSettingsTable;
  sync_prompts: SyncPromptTable;
  sync_runs: SyncRunTable;
  sync_outbox: SyncOutboxTable;
  sync_threads: SyncThreadTable;
  sync_checkins: SyncCheckinTable;
  health_probe: HealthProbeTable;
  shipped_folders: ShippedFolderTable;
}

export type Db = Kysely<Database>;
export type Topic = Selectable<TopicTable>;
export type Learning = Selectable<LearningTable>;
export type NewLearning = Insertable<LearningTable>;
export type Challenge = Selectable<ChallengeTable>;
export type Solution = Selectable<SolutionTable>;
export type Project = Selectable<ProjectTable>;
export type Learner = Selectable<LearnerTable>;
export type Pair = Selectable<PairTable>;
export type PairRequest = Selectable<PairRequestTable>;
export type SyncSettings = Selectable<SyncSettingsTable>;
export type SyncRun = Selectable<SyncRunTable>;
export type OutboxRow = Selectable<SyncOutboxTable>;
