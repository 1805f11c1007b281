import {
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import { z } from 'zod';
import type { SyncSettings } from '../src/db/schema.js';
import { type Command, type Context, customId, route } from '../src/interaction/command.js';
import { idOptions, invalidFields, requiredText } from '../src/interaction/fields.js';
import { brandColor, notice, reply, showModal } from '../src/interaction/message.js';
import { answerCheckIn, askedPairsOf } from '../src/sync/checkins.js';
import { postingProblem, threadProblem } from '../src/sync/permissions.js';
import { addPrompt, promptRotation, removePrompt, serverPrompts } from '../src/sync/prompts.js';
import { lastRun, type RunReport, runSlot } from '../src/sync/run.js';
import { cronProblem, describeSchedule, nextSlots } from '../src/sync/schedule.js';
import { ensureSettings, getSettings, updateSettings } from '../src/sync/settings.js';
import { truncate } from '../src/text.js';
import { isKnownTimeZone } from '../src/timezone.js';

const unix = (date: Date) => Math.floor(date.getTime() / 1000);
const noChannel =
  'Nexus has no sync-up channel here yet. Create a text channel named #prodev-project-nexus (Nexus adopts it at once), or choose one: /sync set channel:#…';
const checkInReplies = {
  'no-pair': 'That pair no longer exists.',
  'not-yours': 'Only the two members of this pair can answer.',
  invalid: 'This check-in is no longer valid.',
};

async function recordAnswer(ctx: Context, pairId: number, week: string, met: boolean) {
  const outcome = await answerCheckIn(ctx.db, {
    guildId: ctx.guildId,
    pairId,
    week,
    userId: ctx.actor.id,
    met,
    now: ctx.now(),
  });
  if (outcome !== 'saved') return notice(checkInReplies[outcome]);
  return notice(
    met ? 'Great, noted that you met. Keep it up!' : 'Noted. Try to find a slot this week.',
  );
}

/** What run-now says of a run: where it posted, in how many threads, or why it did not finish. */
function runOutcome(report: RunReport): string {
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
function channelLine(ctx: Context, settings: SyncSettings): string {
  const problem = channelProblem(ctx, settings);
  if (problem) return problem;
  const threads = threadProblem(ctx.channels, settings.channel_id);
  return threads
    ? `<#${settings.channel_id}>; the pairs go in the channel itself: ${threads} (grant it for weekly threads)`
    : `<#${settings.channel_id}>; the pairs go in weekly threads`;
}

const fixChannel = 'grant it to Nexus there, or choose another channel with /sync set channel:#…';

/** Why the schedule cannot post where it points, if it cannot: deleted, hidden or not permitted. */
function channelProblem(ctx: Context, settings: SyncSettings): string | undefined {
  if (settings.channel_lost_at) {
    return `The sync-up channel <#${settings.channel_id}> was deleted <t:${unix(new Date(settings.channel_lost_at))}:R>, so nothing is posted. Create a text channel named #prodev-project-nexus (Nexus adopts it at once), or choose one with /sync set channel:#…`;
  }
  const problem = postingProblem(ctx.channels, settings.channel_id);
  return problem && `${problem}, so sync-ups cannot post: ${fixChannel}`;
}

const setOptions = z.object({
  channel: z
    .string()
    .regex(/^\d{17,20}$/, 'a text channel')
    .optional(),
  cron: z
    .string()
    .trim()
    .refine((text) => cronProblem(text) === undefined, {
      error: (issue) =>
        `invalid cron expression "${String(issue.input)}" (${cronProblem(String(issue.input))}). Example: 0 9 * * 1 is every Monday at 09:00`,
    })
    .optional(),
  timezone: z
    .string()
    .trim()
    .refine(isKnownTimeZone, {
      error: (issue) =>
        `Unknown timezone "${String(issue.input)}". Example: Africa/Lagos or Europe/London`,
    })
    .optional(),
  auto_pair: z.boolean({ error: 'true or false' }).optional(),
  grace_hours: z
    .number({ error: 'a number of hours from 0 to 72' })
    .min(0, 'a number of hours from 0 to 72')
    .max(72, 'a number of hours from 0 to 72')
    .optional(),
});

async function lastRunLine(ctx: Context): Promise<string> {
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

const promptModal = {
  customId: customId('sync', 'prompt-add'),
  title: 'Add a sync-up prompt',
  fields: [
    { id: 'text', label: 'Prompt', style: 'paragraph' as const, required: true, maxLength: 500 },
  ],
};

export const syncCommand: Command = {
  definition: new SlashCommandBuilder()
    .setName('sync')
    .setDescription('Weekly sync-ups: schedule, prompts and pair pings')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((sub) =>
      sub.setName('show').setDescription('The schedule, next runs and last outcome'),
    )
    .addSubcommand((sub) =>
      sub
        .setName('set')
        .setDescription('Change the schedule (what you leave out is kept)')
        .addChannelOption((o) =>
          o
            .setName('channel')
            .setDescription('Where sync-ups are posted')
            .addChannelTypes(ChannelType.GuildText),
        )
        .addStringOption((o) =>
          o
            .setName('cron')
            .setDescription('Cron expression, e.g. 0 9 * * 1 (Mondays 09:00)')
            .setMaxLength(100),
        )
        .addStringOption((o) =>
          o.setName('timezone').setDescription('IANA timezone, e.g. Africa/Lagos').setMaxLength(64),
        )
        .addBooleanOption((o) =>
          o.setName('auto_pair').setDescription('Run the weekly pairing round at each sync-up'),
        )
        .addNumberOption((o) =>
          o
            .setName('grace_hours')
            .setDescription('How late a missed sync-up may still run (hours)')
            .setMinValue(0)
            .setMaxValue(72),
        ),
    )
    .addSubcommand((sub) => sub.setName('pause').setDescription('Stop posting until resumed'))
    .addSubcommand((sub) => sub.setName('resume').setDescription('Post again from the next slot'))
    .addSubcommand((sub) => sub.setName('run-now').setDescription('Post a sync-up now'))
    .addSubcommandGroup((group) =>
      group
        .setName('prompt')
        .setDescription('The prompts posted in turn')
        .addSubcommand((sub) => sub.setName('add').setDescription('Add a prompt (opens a form)'))
        .addSubcommand((sub) => sub.setName('list').setDescription('The prompts in their order'))
        .addSubcommand((sub) =>
          sub
            .setName('remove')
            .setDescription('Remove a prompt')
            .addIntegerOption((o) =>
              o.setName('id').setDescription('Prompt number').setRequired(true).setMinValue(1),
            ),
        ),
    )
    .toJSON(),
  routes: {
    show: route({
      help: 'Show the schedule in words, the next three runs and the last outcome',
      permission: 'ManageGuild',
      options: z.object({}),
      async run(ctx) {
        const settings = await getSettings(ctx.db, ctx.guildId);
        if (!settings) return notice(noChannel);
        const next = settings.paused
          ? []
          : nextSlots(settings.cron, settings.timezone, ctx.now(), 3);
        return reply({
          ephemeral: true,
          embeds: [
            {
              title: 'Weekly sync-ups',
              color: brandColor,
              fields: [
                {
                  name: 'Schedule',
                  value: `${describeSchedule(settings.cron, settings.timezone)} (\`${settings.cron}\`)`,
                },
                { name: 'Channel', value: channelLine(ctx, settings) },
                {
                  name: 'Next runs',
                  value: next.map((d) => `<t:${unix(d)}:F>`).join('\n') || 'none while paused',
                },
                {
                  name: 'Status',
                  value: `${settings.paused ? 'paused' : 'active'} · auto-pairing ${settings.auto_pair ? 'on' : 'off'} · grace ${settings.grace_hours} h`,
                },
                { name: 'Last run', value: await lastRunLine(ctx) },
              ],
            },
          ],
        });
      },
    }),
    set: route({
      help: 'Set the channel, cron, timezone, auto-pairing or grace window',
      permission: 'ManageGuild',
      options: setOptions,
      async run(ctx, options) {
        const current = await getSettings(ctx.db, ctx.guildId);
        if (!current && !options.channel) return notice(noChannel);
        if (!current && options.channel) {
          await ensureSettings(ctx.db, ctx.guildId, {
            channelId: options.channel,
            timezone: ctx.defaultTimezone,
            now: ctx.now(),
          });
        }
        const settings = await updateSettings(
          ctx.db,
          ctx.guildId,
          {
            channelId: options.channel,
            cron: options.cron,
            timezone: options.timezone,
            autoPair: options.auto_pair,
            graceHours: options.grace_hours,
          },
          ctx.now(),
        );
        const next = nextSlots(settings.cron, settings.timezone, ctx.now(), 1)[0];
        return notice(
          `Sync-ups: ${describeSchedule(settings.cron, settings.timezone)} in <#${settings.channel_id}>; auto-pairing ${settings.auto_pair ? 'on' : 'off'}, grace ${settings.grace_hours} h.${next && !settings.paused ? ` Next: <t:${unix(next)}:F>.` : ''}`,
        );
      },
    }),
    pause: route({
      help: 'Pause the sync-ups',
      permission: 'ManageGuild',
      options: z.object({}),
      async run(ctx) {
        if (!(await getSettings(ctx.db, ctx.guildId))) return notice(noChannel);
        await updateSettings(ctx.db, ctx.guildId, { paused: true }, ctx.now());
        return notice('Sync-ups paused. /sync resume starts them again from the next slot.');
      },
    }),
    resume: route({
      help: 'Resume the sync-ups from the next slot',
      permission: 'ManageGuild',
      options: z.object({}),
      async run(ctx) {
        if (!(await getSettings(ctx.db, ctx.guildId))) return notice(noChannel);
        const settings = await updateSettings(ctx.db, ctx.guildId, { paused: false }, ctx.now());
        const next = nextSlots(settings.cron, settings.timezone, ctx.now(), 1)[0];
        return notice(`Sync-ups resumed.${next ? ` Next: <t:${unix(next)}:F>.` : ''}`);
      },
    }),
    'run-now': route({
      help: 'Post a sync-up now: the prompt, and the pairs in weekly threads',
      permission: 'ManageGuild',
      options: z.object({}),
      async run(ctx) {
        const settings = await getSettings(ctx.db, ctx.guildId);
        if (!settings) return notice(noChannel);
        const problem = channelProblem(ctx, settings);
        if (problem) return notice(problem);
        const now = ctx.now();
        const report = await runSlot({ db: ctx.db, ...ctx.sync }, ctx.guildId, now, 'manual', now);
        if (!report) return notice('A sync-up for this moment already ran.');
        return notice(runOutcome(report));
      },
    }),
    'prompt add': route({
      help: 'Add a prompt to the rotation (opens a form)',
      permission: 'ManageGuild',
      options: z.object({}),
      run: async () => showModal(promptModal),
    }),
    'prompt list': route({
      help: 'List the prompts in their order',
      permission: 'ManageGuild',
      options: z.object({}),
      async run(ctx) {
        const own = await serverPrompts(ctx.db, ctx.guildId);
        const settings = await getSettings(ctx.db, ctx.guildId);
        const rotation = await promptRotation(ctx.db, ctx.guildId, ctx.sync.shippedPrompts);
        const nextIndex = rotation.length ? (settings?.prompt_cursor ?? 0) % rotation.length : 0;
        const lines = own.length
          ? own.map((p, i) => `${i === nextIndex ? '▶ ' : ''}#${p.id} · ${truncate(p.text, 200)}`)
          : rotation.map(
              (text, i) => `${i === nextIndex ? '▶ ' : ''}(shipped) ${truncate(text, 200)}`,
            );
        const footer = own.length
          ? '▶ marks the next prompt'
          : 'Shipped prompts rotate until you add your own with /sync prompt add';
        return reply({
          ephemeral: true,
          embeds: [
            {
              title: 'Sync-up prompts',
              description: lines.join('\n') || 'No prompts.',
              footer,
              color: brandColor,
            },
          ],
        });
      },
    }),
    'prompt remove': route({
      help: 'Remove one of your prompts',
      permission: 'ManageGuild',
      options: idOptions('prompt'),
      async run(ctx, { id }) {
        return notice(
          (await removePrompt(ctx.db, ctx.guildId, id))
            ? `Removed prompt #${id}.`
            : `No prompt #${id} of this server.`,
        );
      },
    }),
  },
  components: {
    'prompt-add': {
      async run(ctx, _args, fields) {
        if (!ctx.actor.permissions.has('ManageGuild'))
          return notice('Adding prompts needs the Manage Server permission.');
        const parsed = z.object({ text: requiredText('Prompt', 500) }).safeParse(fields);
        if (!parsed.success) return invalidFields(parsed.error);
        const prompt = await addPrompt(
          ctx.db,
          ctx.guildId,
          parsed.data.text,
          ctx.actor.id,
          ctx.now(),
        );
        return notice(`Added prompt #${prompt.id}.`);
      },
    },
    /** "Did you meet last week?": only the pair's two members answer, once per week each. */
    /** A digest's row: the clicker's own pair answers; with several, they pick which. */
    checkin: {
      async run(ctx, [week = '', answer]) {
        const met = answer === 'yes';
        const asked = await askedPairsOf(ctx.db, {
          guildId: ctx.guildId,
          week,
          userId: ctx.actor.id,
        });
        if (asked === 'invalid') return notice(checkInReplies.invalid);
        const [only, ...more] = asked;
        if (!only) {
          return notice(
            'This check-in is for the pairs in this digest that have had a week together; you have none in it. New pairs are asked from their second week.',
          );
        }
        if (more.length === 0) return recordAnswer(ctx, only.pairId, week, met);
        return reply({
          ephemeral: true,
          content: `You have ${asked.length} partners this week. Which pair ${met ? 'met' : 'did not meet'}?`,
          buttons: [
            asked.map((pair) => ({
              customId: customId('sync', 'met', pair.pairId, week, met ? 'yes' : 'no'),
              label: truncate(`With ${pair.partnerName}`, 80),
              style: met ? ('success' as const) : ('secondary' as const),
            })),
          ],
        });
      },
    },
    /**
     * One pair's answer: the check-in row of the sync-ups before digests, and the choice above.
     * Only the pair's two members answer, once per week each.
     */
    met: {
      run: async (ctx, [pairId, week = '', answer]) =>
        recordAnswer(ctx, Number(pairId), week, answer === 'yes'),
    },
  },
};
