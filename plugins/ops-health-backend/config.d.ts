export interface Config {
  opsHealth?: {
    timeline?: {
      /**
       * The correlation rule's window: an alarm that went to ALARM at most
       * this many minutes after a rollout of the same component, or of one it
       * depends on, started in the same environment is said to follow it.
       * Whole minutes from 1 to 120; default 15.
       */
      correlationWindowMinutes?: number;
    };
  };
}
