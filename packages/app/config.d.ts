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
  inbestment?: {
    permissions?: {
      /**
       * The groups that grant each role (schema and defaults: permission-backend-module-inbestment).
       * The app reads them too, only to lead each role to its own tools first; access is decided
       * by the backend's policy. Group refs are not secret.
       */
      roleGroups?: {
        /** @visibility frontend */
        teamLead?: string[];
        /** @visibility frontend */
        onCall?: string[];
        /** @visibility frontend */
        auditor?: string[];
        /** @visibility frontend */
        platformAdmin?: string[];
      };
    };
  };
}
