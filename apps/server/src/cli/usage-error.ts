/** A mistake in how a command was called; the CLI prints it and exits with 2. */
export class UsageError extends Error {}
