import { type ExpressionBuilder, sql } from 'kysely';

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
