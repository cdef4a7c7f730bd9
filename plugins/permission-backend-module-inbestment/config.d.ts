export interface Config {
  inbestment?: {
    permissions?: {
      /**
       * Catalog groups that grant each role, as entity refs. A signed-in user holds a role when the
       * groups of their sign-in token (ownership refs) include one of these. Membership of any other
       * group (a team) makes the user a developer.
       */
      roleGroups?: {
        /** Defaults to group:default/team-leads. */
        teamLead?: string[];
        /** Defaults to group:default/oncall. */
        onCall?: string[];
        /** Defaults to group:default/auditors. */
        auditor?: string[];
        /** Defaults to group:default/platform-admins. */
        platformAdmin?: string[];
      };
    };
  };
}
