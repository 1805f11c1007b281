import { type Logger, newErrorRef } from './log.js';

/**
 * Ends the process on what escaped every handler: after an uncaught exception Node documents its
 * state as undefined, and discord.js can throw one from its gateway code on a malformed packet.
 * The error is logged with a reference and the process exits non-zero, for its supervisor
 * (systemd, Docker, a host's restart policy) to start it again; the outbox makes a restart safe.
 * A failure inside one interaction never gets here: the router catches and answers it.
 */
export function guardProcess(log: Logger): void {
  const crash = (what: string) => (error: unknown) => {
    log.fatal({ err: error, ref: newErrorRef() }, `${what}; exiting for a restart`);
    process.exit(1);
  };
  process.on('unhandledRejection', crash('unhandled rejection'));
  process.on('uncaughtException', crash('uncaught exception'));
}
