export interface Config {
  inbestment?: {
    /**
     * Globs (relative to the backend's working directory) of catalog files to
     * register, each as its own Location.
     */
    catalogFiles?: string[];
  };
}
