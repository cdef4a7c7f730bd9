import { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
} from '@internal/backstage-plugin-aws-ops-common';
import { EksClient, eksApiRef } from './api';

/** Services run on EKS; websites (micro-frontends) and libraries do not. */
function isService(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    entity.spec?.type === 'service'
  );
}

function hasWorkloadAnnotation(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[ANNOTATION_KUBERNETES_ID] ||
      annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR],
  );
}

const eksApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: eksApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new EksClient(deps),
    }),
});

/** The EKS tab on every service; it explains the annotations when they are missing. */
const eksEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/eks',
    title: 'EKS',
    filter: isService,
    loader: () =>
      import('./components/EksDeploymentsContent').then(m => (
        <m.EksDeploymentsContent />
      )),
  },
});

/** Summary card on the overview of services linked to workloads. */
const eksEntityCard = EntityCardBlueprint.make({
  params: {
    filter: entity => isService(entity) && hasWorkloadAnnotation(entity),
    loader: () =>
      import('./components/EksSummaryCard').then(m => <m.EksSummaryCard />),
  },
});

/** EKS deployments of a service: clusters, rollouts, pods and autoscalers per environment. */
export const eksPlugin = createFrontendPlugin({
  pluginId: 'eks',
  info: { packageJson: () => import('../package.json') },
  extensions: [eksApi, eksEntityContent, eksEntityCard],
});
