export interface Config {
  auth?: {
    providers?: {
      /**
       * Local demo sign-in, one catalog user per role (never in production: the backend does not
       * register it when auth.environment or NODE_ENV is production).
       */
      demo?: {
        /** @visibility frontend */
        users: Array<{
          /** Role shown on the sign-in page. @visibility frontend */
          role: string;
          /** Catalog user signed in as. @visibility frontend */
          userEntityRef: string;
        }>;
      };
    };
  };
  inbestment?: {
    /**
     * Globs (relative to the backend's working directory) of catalog files to
     * register, each as its own Location.
     */
    catalogFiles?: string[];
  };
}
