import { type Logger, newErrorRef } from './log.js';

/**
 * Logs what escaped every handler, with an error reference, and keeps serving: discord.js can
 * throw from its gateway code on a malformed packet. Returns a function that removes the handlers.
 */
export function guardProcess(log: Logger): () => void {
  const onRejection = (reason: unknown) =>
    log.error({ err: reason, ref: newErrorRef() }, 'unhandled rejection');
  const onException = (error: Error) =>
    log.error({ err: error, ref: newErrorRef() }, 'uncaught exception');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
