import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `<dir>/<name>/k8s/*.yaml` for each service in the shape the store's
 * manifests use (Deployment + HPA, label `backstage.io/kubernetes-id`,
 * namespace `inbestment`, ECR image), plus folders without manifests for
 * `static` names (micro-frontends).
 */
export async function writeStoreServices(
  dir: string,
  services: string[],
  statics: string[] = [],
): Promise<void> {
  for (const [index, name] of services.entries()) {
    const k8s = path.join(dir, name, 'k8s');
    await fs.mkdir(k8s, { recursive: true });
    await fs.writeFile(
      path.join(k8s, 'deployment.yaml'),
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: inbestment
  labels:
    app.kubernetes.io/name: ${name}
    backstage.io/kubernetes-id: ${name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
        backstage.io/kubernetes-id: ${name}
    spec:
      containers:
        - name: ${name}
          image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/inbestment/${name}:1.${index}.0
`,
    );
    await fs.writeFile(
      path.join(k8s, 'hpa.yaml'),
      `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
  namespace: inbestment
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${name}
  minReplicas: 2
  maxReplicas: 6
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`,
    );
  }
  for (const name of statics) {
    await fs.mkdir(path.join(dir, name), { recursive: true });
  }
}

/** The store's two environments, as app-config.yaml configures them. */
export const storeEnvironments = [
  {
    name: 'prod',
    accountId: '111122223333',
    region: 'eu-west-1',
    eksCluster: 'inbestment-prod',
  },
  {
    name: 'staging',
    accountId: '444455556666',
    region: 'eu-west-1',
    eksCluster: 'inbestment-staging',
  },
];

/** An `awsOps` config block for the demo (the scenario over `storeServicesDir`). */
export function demoAwsOpsConfig(storeServicesDir: string) {
  return {
    accounts: [
      { accountId: '111122223333', regions: ['eu-west-1'] },
      { accountId: '444455556666', regions: ['eu-west-1'] },
    ],
    environments: storeEnvironments,
    demo: { storeServicesDir },
  };
}
