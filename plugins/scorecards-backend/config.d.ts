export interface Config {
  /** Production-readiness scorecards (plugins/scorecards-backend). */
  scorecards?: {
    /** Seconds a service's scorecard is reused (facts change only when a retriever runs). Default 60. */
    cacheTtlSeconds?: number;
    /**
     * The levels, lowest first. Each Tech Insights check names its level in
     * `metadata.level`. Default bronze, silver, gold.
     */
    levels?: Array<{
      id: string;
      title: string;
      description?: string;
    }>;
  };
}
