import { EmptyState } from '@backstage/core-components';
import {
  ANNOTATION_ENVIRONMENTS,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  DEFAULT_KUBERNETES_NAMESPACE,
} from '@internal/backstage-plugin-aws-ops-common';

/** Explains which annotations link a component to its workloads. */
export function EmptyAnnotations() {
  return (
    <EmptyState
      missing="field"
      title="No Kubernetes workloads linked to this component"
      description={
        <>
          Add <code>{ANNOTATION_KUBERNETES_ID}: &lt;name&gt;</code> to the
          component's <code>catalog-info.yaml</code>: Deployments labelled{' '}
          <code>{ANNOTATION_KUBERNETES_ID}=&lt;name&gt;</code> then show here.
          Optional: <code>{ANNOTATION_KUBERNETES_NAMESPACE}</code> (default{' '}
          <code>{DEFAULT_KUBERNETES_NAMESPACE}</code>),{' '}
          <code>{ANNOTATION_KUBERNETES_LABEL_SELECTOR}</code> (replaces the id
          selector) and <code>{ANNOTATION_ENVIRONMENTS}</code> (e.g.{' '}
          <code>prod,staging</code>; default every environment). See
          docs/annotations.md.
        </>
      }
    />
  );
}
