/**
 * A reason not to start that the person starting the bot can act on: printed as its one line,
 * without a stack trace, and the process ends with a non-zero code.
 */
export class StartRefusal extends Error {}
