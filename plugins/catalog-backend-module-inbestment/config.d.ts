export interface Config {
  inbestment?: {
    /**
     * Globs (relative to the backend's working directory) of catalog files to register, each as its own Location.
     * The catalog reads `file` locations only in the files these match and in
     * `inbestment.scaffolder.localPublishDir` (declared by the scaffolder module).
     */
    catalogFiles?: string[];
  };
}
