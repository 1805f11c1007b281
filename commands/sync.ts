import { componentId } from '../src/interaction/component-id.js';
import { defineCommand, modal, route } from '../src/interaction/declare.js';
import { form, requiredText } from '../src/interaction/fields.js';
import { brandColor, notice, reply } from '../src/interaction/message.js';
import { option } from '../src/interaction/options.js';
import { addPrompt, promptRotation, removePrompt, serverPrompts } from '../src/sync/prompts.js';
import { runSlot } from '../src/sync/run.js';
import { cronProblem, describeSchedule, nextSlots } from '../src/sync/schedule.js';
import { ensureSettings, getSettings, updateSettings } from '../src/sync/settings.js';
import { truncate } from '../src/text.js';
import { timezoneOption } from './common/timezone.js';
import { checkInAnswers } from './sync/check-ins.js';
import {
  channelLine,
  channelProblem,
  lastRunLine,
  noChannel,
  runOutcome,
  unix,
} from './sync/describe.js';

/** A prompt of the server's own, added to the rotation. */
const promptForm = modal({
  id: componentId('sync', 'prompt-add', {}),
  form: form({ text: requiredText('Prompt', 500, { style: 'paragraph' }) }),
  permission: 'ManageGuild',
  async run(ctx, { text }) {
    const prompt = await addPrompt(ctx.db, ctx.guildId, text, ctx.actor.id, ctx.now());
    return notice(`Added prompt #${prompt.id}.`);
  },
});

export const syncCommand = defineCommand({
  name: 'sync',
  description: 'Weekly sync-ups: schedule, prompts and pair pings',
  permission: 'ManageGuild',
  groups: { prompt: 'The prompts posted in turn' },
  routes: {
    show: route({
      description: 'The schedule, next runs and last outcome',
      help: 'Show the schedule in words, the next three runs and the last outcome',
      options: {},
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
      description: 'Change the schedule (what you leave out is kept)',
      help: 'Set the channel, cron, timezone, auto-pairing or grace window',
      options: {
        channel: option.textChannel('Where sync-ups are posted').optional(),
        cron: option
          .text({ description: 'Cron expression, e.g. 0 9 * * 1 (Mondays 09:00)', max: 100 })
          .refine((text) => cronProblem(text) === undefined, {
            error: (issue) =>
              `invalid cron expression "${String(issue.input)}" (${cronProblem(String(issue.input))}). Example: 0 9 * * 1 is every Monday at 09:00`,
          })
          .optional(),
        timezone: timezoneOption.optional(),
        auto_pair: option.toggle('Run the weekly pairing round at each sync-up').optional(),
        grace_hours: option
          .decimal({
            description: 'How late a missed sync-up may still run (hours)',
            min: 0,
            max: 72,
            error: 'a number of hours from 0 to 72',
          })
          .optional(),
      },
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
      description: 'Stop posting until resumed',
      help: 'Pause the sync-ups',
      options: {},
      async run(ctx) {
        if (!(await getSettings(ctx.db, ctx.guildId))) return notice(noChannel);
        await updateSettings(ctx.db, ctx.guildId, { paused: true }, ctx.now());
        return notice('Sync-ups paused. /sync resume starts them again from the next slot.');
      },
    }),
    resume: route({
      description: 'Post again from the next slot',
      help: 'Resume the sync-ups from the next slot',
      options: {},
      async run(ctx) {
        if (!(await getSettings(ctx.db, ctx.guildId))) return notice(noChannel);
        const settings = await updateSettings(ctx.db, ctx.guildId, { paused: false }, ctx.now());
        const next = nextSlots(settings.cron, settings.timezone, ctx.now(), 1)[0];
        return notice(`Sync-ups resumed.${next ? ` Next: <t:${unix(next)}:F>.` : ''}`);
      },
    }),
    'run-now': route({
      description: 'Post a sync-up now',
      help: 'Post a sync-up now: the prompt, and the pairs in weekly threads',
      options: {},
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
      description: 'Add a prompt (opens a form)',
      help: 'Add a prompt to the rotation (opens a form)',
      options: {},
      run: async () => promptForm.open({}, 'Add a sync-up prompt'),
    }),
    'prompt list': route({
      description: 'The prompts in their order',
      help: 'List the prompts in their order',
      options: {},
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
      description: 'Remove a prompt',
      help: 'Remove one of your prompts',
      options: { id: option.rowNumber('prompt') },
      async run(ctx, { id }) {
        return notice(
          (await removePrompt(ctx.db, ctx.guildId, id))
            ? `Removed prompt #${id}.`
            : `No prompt #${id} of this server.`,
        );
      },
    }),
  },
  components: [promptForm, ...checkInAnswers],
});
