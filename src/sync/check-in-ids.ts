import { componentId, oneOf, rowId, word } from '../interaction/component-id.js';

/**
 * The ids of the check-in buttons, built by the digests (and by /sync's choice of pair) and
 * answered by /sync. The week is the slot as `weekKey` writes it; the domain checks it.
 */
const week = word(16);
const answer = oneOf(['yes', 'no']);

/** A digest's check-in row: one answer per clicker, for the pairs asked about that week. */
export const checkInId = componentId('sync', 'checkin', { week, answer });

/** One pair's answer: the row of the sync-ups before digests, and the choice among several pairs. */
export const pairCheckInId = componentId('sync', 'met', { pairId: rowId, week, answer });
