/*
 * Hi!
 *
 * Note that this is an EXAMPLE Backstage backend. Please check the README.
 *
 * Happy hacking!
 */

import { createBackend } from '@backstage/backend-defaults';
import { authModuleLocalSignIn } from './modules/demoSignIn';
import { awsOpsDemoWhenConfigured } from './modules/awsOpsDemo';
import { adminOnlySchedulerServiceFactory } from './http/schedulerRoutes';
import { rootHttpRouterWithEdgeRules } from './http/rootHttpRouter';

const backend = createBackend();

// edge rules: rate-limit exemption for direct loopback only, plain error bodies, signed-in websockets
backend.add(rootHttpRouterWithEdgeRules);
// every plugin's scheduler routes (list, trigger, cancel tasks) for platform admins and backend services
backend.add(adminOnlySchedulerServiceFactory);

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// inbestment template actions (naming, catalog validation, shared pieces, local publish)
backend.add(
  import('@internal/backstage-plugin-scaffolder-backend-module-inbestment'),
);

// techdocs plugin
backend.add(import('@backstage/plugin-techdocs-backend'));
// builds docs only from mkdocs configs within an allowlist of settings, extensions and plugins
backend.add(
  import('@internal/backstage-plugin-techdocs-backend-module-inbestment'),
);

// auth plugin
backend.add(import('@backstage/plugin-auth-backend'));
// production sign-in (configured in app-config.production.yaml; inactive without config)
backend.add(import('@backstage/plugin-auth-backend-module-oidc-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
// local guest and per-role demo sign-in; never registered in production
backend.add(authModuleLocalSignIn);

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Lists entities that failed processing (e.g. a malformed catalog-info.yaml)
// with their errors, for the "Unprocessed entities" page.
backend.add(import('@backstage/plugin-catalog-backend-module-unprocessed'));
// The store's files and the generated repositories as catalog-owned file Locations (one per file, so a broken
// file fails alone), file reads confined to them, user locations only url of configured integrations.
backend.add(
  import('@internal/backstage-plugin-catalog-backend-module-inbestment'),
);
// Refuses entities from outside the store's files that claim AWS resources not named after themselves.
backend.add(
  import('@internal/backstage-plugin-catalog-backend-module-aws-ops-claims'),
);

// permission plugin
backend.add(import('@backstage/plugin-permission-backend'));
// roles from catalog group membership, owner-based conditional decisions (see its README)
backend.add(
  import('@internal/backstage-plugin-permission-backend-module-inbestment'),
);

// search plugin
backend.add(import('@backstage/plugin-search-backend'));

// search engine
// See https://backstage.io/docs/features/search/search-engines
backend.add(import('@backstage/plugin-search-backend-module-pg'));

// search collators
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// EKS deployments per service (shared AWS layer: @internal/backstage-plugin-aws-ops-node)
backend.add(import('@internal/backstage-plugin-eks-backend'));
// WAF events per component, from WAF logs in CloudWatch Logs
backend.add(import('@internal/backstage-plugin-waf-backend'));
// CloudWatch alarms per component (the health overview reads the same service)
backend.add(import('@internal/backstage-plugin-cloudwatch-backend'));
// On-call overview of every store component, from the EKS, CloudWatch and WAF services' shared caches
backend.add(import('@internal/backstage-plugin-ops-health-backend'));
// Secrets metadata, who can read them and audit findings (never secret values)
backend.add(import('@internal/backstage-plugin-access-audit-backend'));
// Production-readiness scorecards: Tech Insights stores the facts the store's retrievers read
// (through the services above) and runs the checks of app-config (json-rules-engine);
// the scorecards plugin serves them per service, team and store behind per-entity permissions.
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(
  import('@internal/backstage-plugin-tech-insights-backend-module-inbestment'),
);
backend.add(import('@internal/backstage-plugin-scorecards-backend'));
// The store's demo scenario in place of AWS, only when awsOps.demo is set (the embedded default; never in production)
backend.add(awsOpsDemoWhenConfigured);

// user settings plugin
backend.add(import('@backstage/plugin-user-settings-backend'));

// notifications and signals plugins
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// mcp actions plugin
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
