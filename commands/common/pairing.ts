import type { Learner, Role } from '../../src/db/schema.js';
import { requestLifetimeMs } from '../../src/pairing/pairs.js';
import { markdownLink } from '../../src/text.js';

/** The two sides of an API, as /project join and /pair offer them. */
export const roles = ['backend', 'frontend'] as const satisfies readonly Role[];

/** A learner's repo and API docs links, as every reply that shows a learner writes them. */
export function links(learner: Learner): string {
  const parts = [
    learner.repo && markdownLink('repo', learner.repo),
    learner.api_docs && markdownLink('API docs', learner.api_docs),
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'no repo or API docs link yet';
}

/** How long a pair request waits for its answer, in words. */
export const requestLifetime = `${requestLifetimeMs / (24 * 60 * 60 * 1000)} days`;
