export interface Config {
  techInsights?: {
    /** The store's production-readiness fact retrievers (this module). */
    inbestment?: {
      waf?: {
        /**
         * The managed rule groups every service's web ACL must enforce (not in
         * count mode) in prod: the group's name (`AWSManagedRulesCommonRuleSet`,
         * any vendor) or `Vendor#Name`. Default:
         * AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet,
         * AWSManagedRulesAmazonIpReputationList.
         */
        requiredManagedRuleGroups?: string[];
      };
    };
  };
}
