import {
  EntityScorecardResponse,
  ScorecardCheckResult,
  ScorecardLevel,
  ServiceScorecard,
  StoreScorecardsResponse,
  TeamScorecardsResponse,
} from '@internal/backstage-plugin-scorecards-common';

export const LEVELS: ScorecardLevel[] = [
  { id: 'bronze', title: 'Bronze', description: 'Owned and documented' },
  { id: 'silver', title: 'Silver', description: 'Survives a node loss' },
  { id: 'gold', title: 'Gold', description: 'Watched and hardened' },
];

export const READ_AT = '2026-12-01T08:00:00.000Z';

export function check(
  id: string,
  level: string,
  outcome: ScorecardCheckResult['outcome'],
  extra: Partial<ScorecardCheckResult> = {},
): ScorecardCheckResult {
  return {
    id,
    name: `Check ${id}`,
    description: `${id} description`,
    level,
    reason: `Reason of ${id}`,
    source: 'catalog',
    outcome,
    facts: {},
    factsReadAt: READ_AT,
    links: [],
    ...extra,
  };
}

/** cart-service: bronze reached; silver blocked by a failed and an unknown check. */
export const CART: ServiceScorecard = {
  entityRef: 'component:default/cart-service',
  title: 'Cart Service',
  owner: 'group:default/team-commerce',
  system: 'system:default/commerce',
  lifecycle: 'production',
  level: 'bronze',
  next: { level: 'silver', blocking: ['hasPdb', 'replicas'] },
  demo: false,
  counts: { passed: 2, failed: 1, unknown: 1, total: 5 },
  checks: [
    check('hasGroupOwner', 'bronze', 'passed', {
      name: 'Owned by a team',
      facts: { hasGroupOwner: true },
    }),
    check('hasRunbook', 'bronze', 'passed', {
      name: 'Has a runbook',
      facts: { hasRunbook: true },
    }),
    check('replicas', 'silver', 'failed', {
      name: 'At least 2 replicas in prod',
      reason: 'One pod is one node loss away from an outage.',
      source: 'eks',
      facts: { prodReplicas: 1 },
      links: [
        {
          title: 'EKS tab',
          url: '/catalog/default/component/cart-service/eks',
        },
        {
          title: 'Deployment template',
          url: 'https://github.com/inbestment/templates/service',
        },
      ],
    }),
    check('hasPdb', 'silver', 'unknown', {
      name: 'Has a PodDisruptionBudget',
      source: 'eks',
      unknownReason:
        'could not be read: the prod cluster did not answer (ECONNREFUSED)',
      links: [{ title: 'EKS tab', url: '/eks-for-unknown' }],
    }),
    check('latencyAlarm', 'gold', 'failed', {
      name: 'Latency alarm with actions',
      source: 'cloudwatch',
      facts: { hasLatencyAlarm: false, missingRuleGroups: ['a', 'b'] },
    }),
  ],
};

export const CHECKOUT: ServiceScorecard = {
  entityRef: 'component:default/checkout-service',
  title: 'Checkout Service',
  owner: 'group:default/team-commerce',
  level: 'gold',
  demo: false,
  counts: { passed: 5, failed: 0, unknown: 0, total: 5 },
  checks: [],
};

export const SEARCH: ServiceScorecard = {
  entityRef: 'component:default/search-service',
  title: 'Search Service',
  owner: 'group:default/team-discovery',
  level: null,
  next: { level: 'bronze', blocking: ['hasGroupOwner'] },
  demo: false,
  counts: { passed: 0, failed: 1, unknown: 0, total: 5 },
  checks: [
    check('hasGroupOwner', 'bronze', 'failed', { name: 'Owned by a team' }),
  ],
};

export const entityResponse: EntityScorecardResponse = {
  levels: LEVELS,
  scorecard: CART,
};

export const teamResponse: TeamScorecardsResponse = {
  team: { entityRef: 'group:default/team-commerce', title: 'Team Commerce' },
  levels: LEVELS,
  // as the backend ranked them; the UI must not re-sort
  services: [CART, CHECKOUT],
  errors: [
    {
      entityRef: 'component:default/basket-service',
      name: 'basket-service',
      message: 'facts not stored yet',
    },
  ],
};

export const storeResponse: StoreScorecardsResponse = {
  levels: LEVELS,
  services: [CHECKOUT, CART, SEARCH],
  teams: [
    {
      team: 'group:default/team-commerce',
      title: 'Team Commerce',
      services: 2,
      byLevel: { gold: 1, bronze: 1 },
    },
    {
      team: 'group:default/team-discovery',
      title: 'Team Discovery',
      services: 1,
      byLevel: { none: 1 },
    },
  ],
  errors: [],
};
