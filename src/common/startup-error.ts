/**
 * A reason the service cannot start that the operator can act on, written as one
 * sentence: it is printed alone, without a stack trace.
 */
export class StartupError extends Error {}
