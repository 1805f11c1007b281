import type { SyncSettings } from '../../src/db/schema.js';
import type { Context } from '../../src/interaction/command.js';
import { postingProblem, threadProblem } from '../../src/sync/permissions.js';
import { lastRun, type RunReport } from '../../src/sync/run.js';

/** What /sync says of a schedule: its channel, its last run, why it cannot post. */

export const unix = (date: Date) => Math.floor(date.getTime() / 1000);
export const noChannel =
  'Nexus has no sync-up channel here yet. Create a text channel named #prodev-project-nexus (Nexus adopts it at once), or choose one: /sync set channel:#…';
/** What run-now says of a run: where it posted, in how many threads, or why it did not finish. */
export function runOutcome(report: RunReport): string {
  const messages = `${report.sent} message${report.sent === 1 ? '' : 's'}`;
  if (report.status !== 'posted') {
    return `The sync-up ${report.status === 'failed' ? 'failed' : 'did not finish'}: ${report.reason ?? 'unknown reason'}. ${report.sent} message${report.sent === 1 ? ' was' : 's were'} posted.`;
  }
  const threads =
    report.threads > 0
      ? `, the pairs in ${report.threads} thread${report.threads === 1 ? '' : 's'}`
      : report.threadsRefused
        ? `; the pairs went in the channel itself, as Nexus may not start threads there (${report.threadsRefused})`
        : '';
  return `Posted the sync-up in <#${report.channelId}>: ${messages}${threads}.`;
}

/** The channel, and where the pairs go: weekly threads, or the channel itself and why. */
export function channelLine(ctx: Context, settings: SyncSettings): string {
  const problem = channelProblem(ctx, settings);
  if (problem) return problem;
  const threads = threadProblem(ctx.channels, settings.channel_id);
  return threads
    ? `<#${settings.channel_id}>; the pairs go in the channel itself: ${threads} (grant it for weekly threads)`
    : `<#${settings.channel_id}>; the pairs go in weekly threads`;
}

const fixChannel = 'grant it to Nexus there, or choose another channel with /sync set channel:#…';

/** Why the schedule cannot post where it points, if it cannot: deleted, hidden or not permitted. */
export function channelProblem(ctx: Context, settings: SyncSettings): string | undefined {
  if (settings.channel_lost_at) {
    return `The sync-up channel <#${settings.channel_id}> was deleted <t:${unix(new Date(settings.channel_lost_at))}:R>, so nothing is posted. Create a text channel named #prodev-project-nexus (Nexus adopts it at once), or choose one with /sync set channel:#…`;
  }
  const problem = postingProblem(ctx.channels, settings.channel_id);
  return problem && `${problem}, so sync-ups cannot post: ${fixChannel}`;
}

export async function lastRunLine(ctx: Context): Promise<string> {
  const run = await lastRun(ctx.db, ctx.guildId);
  if (!run) return 'none yet';
  const when = `<t:${unix(new Date(run.slot))}:f>`;
  switch (run.status) {
    case 'posted':
      return `posted, ${when}${run.kind === 'late' ? ' (late)' : run.kind === 'manual' ? ' (run now)' : ''}`;
    case 'failed':
      return `failed, ${when}: ${run.reason ?? 'unknown reason'}`;
    case 'missed':
      return `missed, ${when} (${run.reason ?? 'Nexus was offline'})`;
    case 'unknown':
      return `unknown, ${when}: ${run.reason ?? ''} Check the channel before running it again.`;
    default:
      return `posting, ${when}`;
  }
}
