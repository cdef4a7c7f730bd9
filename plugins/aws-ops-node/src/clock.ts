/** Milliseconds since the epoch; injectable so time-dependent code is testable. */
export type Clock = () => number;
