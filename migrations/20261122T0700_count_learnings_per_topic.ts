import { type Kysely, sql } from 'kysely';

/**
 * A topic's page shows how many learnings it has; counting them walked every row of the topic
 * on every /learning. Triggers keep the count per topic and server (guild_key '' for shipped
 * learnings, which every server sees), so the page reads two rows whatever the topic's size.
 */
const guildKey = (row: string) => sql.raw(`coalesce(${row}.guild_id, '')`);
const add = (row: string) => sql`
  insert into learning_counts (topic_id, guild_key, learnings)
    values (${sql.raw(row)}.topic_id, ${guildKey(row)}, 1)
    on conflict (topic_id, guild_key) do update set learnings = learnings + 1;`;
const remove = (row: string) => sql`
  update learning_counts set learnings = learnings - 1
    where topic_id = ${sql.raw(row)}.topic_id and guild_key = ${guildKey(row)};`;

// biome-ignore lint/suspicious/noExplicitAny: a migration is frozen in time, independent of today's schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table learning_counts (
    topic_id integer not null references topics (id) on delete cascade,
    guild_key text not null,
    learnings integer not null,
    primary key (topic_id, guild_key)
  ) without rowid`.execute(db);
  await sql`insert into learning_counts (topic_id, guild_key, learnings)
    select topic_id, coalesce(guild_id, ''), count(*) from learnings group by 1, 2`.execute(db);
  await sql`create trigger learning_counts_insert after insert on learnings begin
    ${add('new')}
  end`.execute(db);
  await sql`create trigger learning_counts_delete after delete on learnings begin
    ${remove('old')}
  end`.execute(db);
  await sql`create trigger learning_counts_update after update of topic_id, guild_id on learnings begin
    ${remove('old')} ${add('new')}
  end`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of ['update', 'delete', 'insert'])
    await sql`drop trigger ${sql.raw(`learning_counts_${trigger}`)}`.execute(db);
  await sql`drop table learning_counts`.execute(db);
}
