import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { JsonRulesEngineFactCheckerFactory } from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import { TechInsightsStore } from '@backstage-community/plugin-tech-insights-node';
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import YAML from 'yaml';
import { readScorecardsConfig } from './config';

/**
 * The checks of app-config.yaml, run by Tech Insights' own json-rules-engine
 * checker on crafted facts at each threshold's edge.
 */
const appConfig = new ConfigReader(
  YAML.parse(
    fs.readFileSync(
      path.resolve(__dirname, '../../../app-config.yaml'),
      'utf8',
    ),
  ),
);

/** Facts every check passes on; each case changes one. */
const passing: Record<string, Record<string, unknown>> = {
  inbestmentCatalogFacts: {
    hasGroupOwner: true,
    hasSystem: true,
    lifecycle: 'production',
    ownerHasOncallChannel: true,
    hasRunbook: true,
    hasApiDefinition: true,
  },
  inbestmentEksFacts: {
    prodReplicas: 2,
    hasHpa: true,
    hasPdb: true,
    hasResourceRequests: true,
    hasResourceLimits: true,
    clusterVersion: '1.31',
    clusterVersionSupported: true,
  },
  inbestmentCloudWatchFacts: {
    hasLatencyAlarm: true,
    hasErrorRateAlarm: true,
    alarmActionsEnabled: true,
  },
  inbestmentDynamoDbFacts: {
    tableCount: 1,
    p99LatencyMs: 9.99,
    slowestTable: 'inbestment-cart',
  },
  inbestmentWafFacts: {
    coveredByWebAcl: true,
    hasRequiredRuleGroups: true,
    missingRuleGroups: [],
  },
  inbestmentSecretsFacts: {
    secretCount: 1,
    rotationEnabled: true,
    customerManagedKey: true,
    noWildcardPrincipal: true,
  },
};

const typeOf = (value: unknown) => {
  if (Array.isArray(value)) return 'set';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'integer' : 'float';
  return typeof value as 'string' | 'boolean';
};

/** The facts the store answers with, set by `run`. */
let facts: Record<string, Record<string, unknown>> = {};

const store: Partial<TechInsightsStore> = {
  async getLatestFactsByIds(ids, entity) {
    return Object.fromEntries(
      ids.map(id => [
        id,
        {
          id,
          entity: { namespace: 'default', kind: 'component', name: entity },
          timestamp: DateTime.now(),
          version: '1.0.0',
          facts: facts[id] as any,
        },
      ]),
    );
  },
  async getLatestSchemas(ids) {
    // Schemas name every fact of `passing`, so a removed fact is missing, not undeclared.
    return (ids ?? []).map(id => ({
      ...Object.fromEntries(
        Object.entries(passing[id]).map(([name, value]) => [
          name,
          { type: typeOf(value), description: name },
        ]),
      ),
    })) as any;
  },
};

const checker = JsonRulesEngineFactCheckerFactory.fromConfig(appConfig, {
  logger: mockServices.logger.mock(),
}).construct(store as TechInsightsStore);

async function run(changes: Record<string, Record<string, unknown>> = {}) {
  facts = Object.fromEntries(
    Object.entries(passing).map(([id, values]) => [
      id,
      Object.fromEntries(
        Object.entries({ ...values, ...changes[id] }).filter(
          ([, value]) => value !== undefined,
        ),
      ),
    ]),
  );
  const results = await checker.runChecks('component:default/cart-service');
  return Object.fromEntries(results.map(r => [r.check.id, r.result]));
}

describe('the scorecard checks of app-config.yaml', () => {
  const { checks } = readScorecardsConfig(appConfig);

  it('all pass on passing facts, and each belongs to a level', async () => {
    const results = await run();
    expect(Object.keys(results).sort()).toEqual(checks.map(c => c.id).sort());
    expect(Object.values(results).every(Boolean)).toBe(true);
  });

  it.each([
    ['prodReplicas', { inbestmentEksFacts: { prodReplicas: 2 } }, true],
    ['prodReplicas', { inbestmentEksFacts: { prodReplicas: 1 } }, false],
    [
      'dynamoDbLatency',
      { inbestmentDynamoDbFacts: { p99LatencyMs: 9.99 } },
      true,
    ],
    [
      'dynamoDbLatency',
      { inbestmentDynamoDbFacts: { p99LatencyMs: 10 } },
      false,
    ],
    [
      'dynamoDbLatency',
      { inbestmentDynamoDbFacts: { tableCount: 0, p99LatencyMs: 50 } },
      true,
    ],
    [
      'latencyAlarm',
      { inbestmentCloudWatchFacts: { alarmActionsEnabled: false } },
      false,
    ],
    [
      'errorRateAlarm',
      { inbestmentCloudWatchFacts: { hasErrorRateAlarm: false } },
      false,
    ],
    [
      'latencyAlarm',
      { inbestmentCloudWatchFacts: { hasErrorRateAlarm: false } },
      true,
    ],
    [
      'inProduction',
      { inbestmentCatalogFacts: { lifecycle: 'experimental' } },
      false,
    ],
    ['hasRunbook', { inbestmentCatalogFacts: { hasRunbook: false } }, false],
    ['disruptionBudget', { inbestmentEksFacts: { hasPdb: false } }, false],
    [
      'clusterVersionSupported',
      { inbestmentEksFacts: { clusterVersionSupported: false } },
      false,
    ],
    [
      'wafManagedRules',
      { inbestmentWafFacts: { hasRequiredRuleGroups: false } },
      false,
    ],
    [
      'wafManagedRules',
      { inbestmentWafFacts: { coveredByWebAcl: false } },
      false,
    ],
    [
      'secretsRotated',
      { inbestmentSecretsFacts: { rotationEnabled: false } },
      false,
    ],
    [
      'secretsCustomerKey',
      { inbestmentSecretsFacts: { customerManagedKey: false } },
      false,
    ],
    [
      'noWildcardPrincipal',
      { inbestmentSecretsFacts: { noWildcardPrincipal: false } },
      false,
    ],
  ] as const)('%s with %j: %s', async (check, changes, expected) => {
    expect((await run(changes as any))[check]).toBe(expected);
  });

  it('runs no check whose fact could not be read (the scorecard shows it as unknown), and runs the others', async () => {
    const results = await run({
      inbestmentEksFacts: { hasPdb: undefined },
      inbestmentDynamoDbFacts: { p99LatencyMs: undefined },
    });
    expect(results).not.toHaveProperty('disruptionBudget');
    expect(results).not.toHaveProperty('dynamoDbLatency');
    expect(results.prodReplicas).toBe(true);
  });
});
