import {
  inbestmentNamespace,
  podDisruptionBudget,
} from '@internal/backstage-plugin-eks-node/testUtils';
import { mapWorkloads } from './mapWorkloads';

const byName = (workloads: ReturnType<typeof mapWorkloads>, name: string) =>
  workloads.find(w => w.deployment.name === name)!.deployment;

describe('mapWorkloads', () => {
  it("gives each Deployment its containers' requests and limits", () => {
    const namespace = inbestmentNamespace();
    (
      namespace.deployments[1].spec.template.spec.containers[0] as any
    ).resources = { requests: { cpu: '250m' } };
    const mapped = mapWorkloads(namespace);
    expect(byName(mapped, 'checkout-service').resources).toEqual([
      {
        container: 'app',
        requests: { cpu: '500m', memory: '1Gi' },
        limits: { memory: '1536Mi' },
      },
    ]);
    expect(byName(mapped, 'payment-service').resources).toEqual([
      { container: 'app', requests: { cpu: '250m' }, limits: {} },
    ]);
  });

  it('gives each Deployment the PodDisruptionBudgets that select its pods, and whether each keeps one', () => {
    const namespace = inbestmentNamespace();
    namespace.podDisruptionBudgets!.push(
      // Selects payment-service's pods but lets all 2 go.
      podDisruptionBudget('payment-all', 'payment-service', {
        maxUnavailable: 2,
      }) as any,
      // Selects nothing here.
      podDisruptionBudget('orders', 'order-service', {
        minAvailable: 1,
      }) as any,
    );
    const mapped = mapWorkloads(namespace);
    expect(byName(mapped, 'checkout-service').disruptionBudgets).toEqual([
      {
        name: 'checkout-service',
        minAvailable: 2,
        keepsPodAvailable: true,
        disruptionsAllowed: 1,
      },
    ]);
    expect(byName(mapped, 'payment-service').disruptionBudgets).toEqual([
      {
        name: 'payment-all',
        maxUnavailable: 2,
        keepsPodAvailable: false,
        disruptionsAllowed: 1,
      },
    ]);
    namespace.podDisruptionBudgets = [];
    expect(
      byName(mapWorkloads(namespace), 'checkout-service').disruptionBudgets,
    ).toEqual([]);
  });

  it('says why when the budgets could not be read, and maps the rest', () => {
    const namespace = inbestmentNamespace();
    delete namespace.podDisruptionBudgets;
    namespace.podDisruptionBudgetsError = 'answered 403: forbidden';
    const checkout = byName(mapWorkloads(namespace), 'checkout-service');
    expect(checkout.disruptionBudgets).toBeUndefined();
    expect(checkout.disruptionBudgetsError).toBe('answered 403: forbidden');
    expect(checkout.autoscaler?.minReplicas).toBe(2);
  });
});
