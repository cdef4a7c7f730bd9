import { createServiceFactory } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  ClusterDescription,
  EksApiVersion,
  EksClusterTarget,
  EksProvider,
  eksProviderServiceRef,
  EksUpdate,
  NamespaceWorkloads,
} from '@internal/backstage-plugin-eks-node';
import { createHash } from 'node:crypto';
import { Scenario } from '../scenario';
import { demoScenarioServiceRef } from '../service';
import { EksSection, readEksSection } from './schema';
import { scenarioUpdates } from './updates';
import { scenarioWorkloads } from './workloads';

/**
 * The scenario's `eks` section through the EKS provider interface: clusters,
 * node groups and the version calendar as the section lists them, workloads
 * as `scenarioWorkloads` plays them at the scenario clock's now.
 */
export class ScenarioEksProvider implements EksProvider {
  readonly source = 'demo' as const;
  private readonly section: EksSection;

  constructor(private readonly scenario: Scenario) {
    this.section = readEksSection(scenario);
  }

  async describeClusterVersions(): Promise<EksApiVersion[]> {
    const now = this.scenario.clock.now();
    return this.section.versions.map(v => {
      const standardEnd = Date.parse(v.endOfStandardSupport);
      const extendedEnd = Date.parse(v.endOfExtendedSupport);
      let status = 'STANDARD_SUPPORT';
      if (now >= extendedEnd) status = 'UNSUPPORTED';
      else if (now >= standardEnd) status = 'EXTENDED_SUPPORT';
      return {
        version: v.version,
        status,
        endOfStandardSupport: new Date(standardEnd).toISOString(),
        endOfExtendedSupport: new Date(extendedEnd).toISOString(),
      };
    });
  }

  async describeCluster(target: EksClusterTarget): Promise<ClusterDescription> {
    const cluster = this.section.clusters[target.environment];
    if (!cluster) {
      throw new NotFoundError(
        `EKS cluster ${target.clusterName} not found (the scenario has no cluster for '${target.environment}')`,
      );
    }
    const id = createHash('sha256')
      .update(target.clusterName)
      .digest('hex')
      .slice(0, 32)
      .toUpperCase();
    return {
      cluster: {
        name: target.clusterName,
        arn: `arn:aws:eks:${target.region}:${target.accountId}:cluster/${target.clusterName}`,
        accountId: target.accountId,
        region: target.region,
        kubernetesVersion: cluster.version,
        platformVersion: cluster.platformVersion,
        status: 'ACTIVE',
        healthIssues: [],
        nodeGroups: cluster.nodeGroups
          .map(group => ({
            ...group,
            status: 'ACTIVE',
            kubernetesVersion: cluster.version,
            healthIssues: [],
          }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      },
      connection: {
        apiUrl: `https://${id}.gr7.${target.region}.eks.amazonaws.com`,
      },
    };
  }

  /** The environment's updates of the cluster or node group, newest first as the scenario plays them now. */
  async listUpdates(
    target: EksClusterTarget,
    nodegroupName?: string,
  ): Promise<string[]> {
    return scenarioUpdates(this.scenario, this.section, target.environment)
      .filter(u => u.nodeGroup === nodegroupName)
      .map(u => u.update.id);
  }

  async describeUpdate(
    target: EksClusterTarget,
    updateId: string,
    nodegroupName?: string,
  ): Promise<EksUpdate> {
    const found = scenarioUpdates(
      this.scenario,
      this.section,
      target.environment,
    ).find(u => u.nodeGroup === nodegroupName && u.update.id === updateId);
    if (!found) {
      throw new NotFoundError(
        `EKS update ${updateId} of ${target.clusterName} not found`,
      );
    }
    return found.update;
  }

  async listWorkloads(
    target: EksClusterTarget,
    _connection: unknown,
    namespace: string,
  ): Promise<NamespaceWorkloads> {
    return scenarioWorkloads(
      this.scenario,
      this.section,
      target.environment,
      namespace,
    );
  }
}

/** The EKS provider of the demo: the scenario instead of AWS. */
export const scenarioEksProviderFactory = createServiceFactory({
  service: eksProviderServiceRef,
  deps: { scenario: demoScenarioServiceRef },
  factory: ({ scenario }) => new ScenarioEksProvider(scenario),
});
