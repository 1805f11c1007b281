import { option } from '../../src/interaction/options.js';
import { isKnownTimeZone } from '../../src/timezone.js';

/** An IANA timezone: a member's (/project join) or a schedule's (/sync set). */
export const timezoneOption = option
  .text({ description: 'IANA timezone, e.g. Africa/Lagos', max: 64 })
  .refine(isKnownTimeZone, {
    error: (issue) =>
      `Unknown timezone "${String(issue.input)}". Use an IANA name such as Africa/Lagos or Europe/London`,
  });
