import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { scorecardsPlugin } from './plugin';

const entity = (kind: string, type?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
  spec: type ? { type } : {},
});

describe('scorecardsPlugin', () => {
  it('puts the Production readiness card on services only', () => {
    const card = scorecardsPlugin.getExtension(
      'entity-card:scorecards/production-readiness',
    );
    const tester = createExtensionTester(card);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(entity('Component', 'service'))).toBe(true);
    expect(filter(entity('Component', 'website'))).toBe(false);
    expect(filter(entity('Component', 'library'))).toBe(false);
    expect(filter(entity('Group', 'team'))).toBe(false);
  });

  it('adds the Scorecards tab to groups', () => {
    const tab = scorecardsPlugin.getExtension('entity-content:scorecards/team');
    const tester = createExtensionTester(tab);
    expect(tester.get(coreExtensionData.routePath)).toBe('/scorecards');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Scorecards',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(entity('Group', 'team'))).toBe(true);
    expect(filter(entity('Component', 'service'))).toBe(false);
  });

  it('mounts the store-wide page at /scorecards', () => {
    const page = scorecardsPlugin.getExtension('page:scorecards');
    const tester = createExtensionTester(page);
    expect(tester.get(coreExtensionData.routePath)).toBe('/scorecards');
  });
});
