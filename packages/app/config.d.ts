export interface Config {
  auth?: {
    providers?: {
      /**
       * Local demo sign-in, one catalog user per role (never in production: the backend does not
       * register it when auth.environment or NODE_ENV is production). Read by the sign-in page,
       * so its schema lives in the app package, whose dependencies define the frontend config.
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
}
