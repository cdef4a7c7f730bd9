import { Entity } from '@backstage/catalog-model';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { opsHealthPlugin } from './plugin';

const component = (type: string, kind = 'Component'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
  spec: { type },
});

describe('opsHealthPlugin', () => {
  it('adds the Timeline tab, with the id app-config orders it by, on services and websites only', () => {
    // app-config.yaml's `app.extensions` names this id.
    const tab = opsHealthPlugin.getExtension(
      'entity-content:ops-health/timeline',
    );
    const tester = createExtensionTester(tab);
    expect(tester.get(coreExtensionData.routePath)).toBe('/timeline');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Timeline');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(component('service'))).toBe(true);
    expect(filter(component('website'))).toBe(true);
    expect(filter(component('library'))).toBe(false);
    expect(filter(component('service', 'API'))).toBe(false);
  });
});
