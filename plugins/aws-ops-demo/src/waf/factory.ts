import { createServiceFactory } from '@backstage/backend-plugin-api';
import { wafProviderServiceRef } from '@internal/backstage-plugin-waf-node';
import { demoScenarioServiceRef } from '../service';
import { ScenarioWafProvider } from './ScenarioWafProvider';

/** The WAF provider of the demo: the scenario's `waf` section instead of AWS. */
export const scenarioWafProviderFactory = createServiceFactory({
  service: wafProviderServiceRef,
  deps: { scenario: demoScenarioServiceRef },
  factory: ({ scenario }) => new ScenarioWafProvider(scenario),
});
