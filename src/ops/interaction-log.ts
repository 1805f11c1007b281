import type { InteractionReport } from '../discord/router.js';
import type { Logger } from '../log.js';

/**
 * One line per handled interaction, at info: what was used (a command's path, or a component's
 * command:action), where, how it ended (with the reference the member saw, on an error) and how
 * long it took. Never an option value or a form field: members type secrets into those.
 */
export function logInteraction(log: Logger, report: InteractionReport): void {
  log.info(
    {
      interaction: report.kind,
      command: report.label,
      guildId: report.guildId,
      outcome: report.outcome,
      ...(report.ref ? { ref: report.ref } : {}),
      ms: Math.round(report.ms * 10) / 10,
    },
    'interaction handled',
  );
}
