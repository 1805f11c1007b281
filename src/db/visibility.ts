import { type ExpressionBuilder, expressionBuilder, sql } from 'kysely';

/**
 * Rows a server can see: shipped ones (no server) and its own. Every table of shared content
 * (learnings, challenges, solutions) carries `guild_id` for this.
 */
export const visibleTo =
  (guildId: string) =>
  <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>) => {
    const guild = sql.ref<string | null>('guild_id');
    return eb.or([eb(guild, 'is', null), eb(guild, '=', guildId)]);
  };

/**
 * The same rule inside a query written with `sql`: `guild_id` resolves to the innermost table
 * of the query that has one.
 */
export const visibleInSql = (guildId: string) => visibleTo(guildId)(expressionBuilder());
