import {
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import http from 'node:http';
import https from 'node:https';
import {
  Deployment,
  HorizontalPodAutoscaler,
  NamespaceWorkloads,
  Pod,
  PodDisruptionBudget,
  ReplicaSet,
} from './types';

/** How to reach one cluster's Kubernetes API server. */
export interface KubernetesConnection {
  apiUrl: string;
  /** Base64 PEM of the cluster CA, from DescribeCluster. */
  caData?: string;
  /** The cluster's ARN from DescribeCluster: its partition picks the STS endpoint tokens are signed for. */
  clusterArn?: string;
}

/** The HTTP status a Kubernetes API answer failed with (401: the token was refused). */
export function kubernetesStatusOf(error: unknown): number | undefined {
  const status = (error as { kubernetesStatus?: unknown })?.kubernetesStatus;
  return typeof status === 'number' ? status : undefined;
}

const PAGE_SIZE = 500;
const TIMEOUT_MS = 10_000;

/**
 * Reads the five lists the plugin needs from a Kubernetes API server, page by
 * page, over one keep-alive agent per cluster. The PodDisruptionBudgets fail
 * on their own (an RBAC role written before they were read may not list
 * them): the namespace still loads, with the reason.
 */
export class KubernetesApiReader {
  private readonly agents = new Map<string, http.Agent>();

  async listNamespace(
    connection: KubernetesConnection,
    token: string,
    namespace: string,
  ): Promise<NamespaceWorkloads> {
    const ns = encodeURIComponent(namespace);
    const [deployments, replicaSets, pods, autoscalers, budgets] =
      await Promise.all([
        this.list<Deployment>(
          connection,
          token,
          `/apis/apps/v1/namespaces/${ns}/deployments`,
        ),
        this.list<ReplicaSet>(
          connection,
          token,
          `/apis/apps/v1/namespaces/${ns}/replicasets`,
        ),
        this.list<Pod>(connection, token, `/api/v1/namespaces/${ns}/pods`),
        this.list<HorizontalPodAutoscaler>(
          connection,
          token,
          `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`,
        ),
        this.list<PodDisruptionBudget>(
          connection,
          token,
          `/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets`,
        ).then(
          items => ({ items }),
          (error: unknown) => ({ error }),
        ),
      ]);
    // A refused token fails the whole read, so the caller's retry with a
    // fresh token covers the budgets too.
    if ('error' in budgets && kubernetesStatusOf(budgets.error) === 401) {
      throw budgets.error;
    }
    return {
      deployments,
      replicaSets,
      pods,
      autoscalers,
      ...('error' in budgets
        ? {
            podDisruptionBudgetsError:
              budgets.error instanceof Error
                ? budgets.error.message
                : String(budgets.error),
          }
        : { podDisruptionBudgets: budgets.items }),
    };
  }

  private async list<T>(
    connection: KubernetesConnection,
    token: string,
    path: string,
  ): Promise<T[]> {
    const items: T[] = [];
    let continueToken: string | undefined;
    do {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (continueToken) query.set('continue', continueToken);
      const page = await this.getJson<{
        items?: T[];
        metadata?: { continue?: string };
      }>(connection, token, `${path}?${query}`);
      items.push(...(page.items ?? []));
      continueToken = page.metadata?.continue || undefined;
    } while (continueToken);
    return items;
  }

  private agentFor(
    connection: KubernetesConnection,
    isHttps: boolean,
  ): http.Agent {
    const key = `${connection.apiUrl}|${connection.caData ?? ''}`;
    let agent = this.agents.get(key);
    if (!agent) {
      agent = isHttps
        ? new https.Agent({
            keepAlive: true,
            ca: connection.caData
              ? Buffer.from(connection.caData, 'base64')
              : undefined,
          })
        : new http.Agent({ keepAlive: true });
      this.agents.set(key, agent);
    }
    return agent;
  }

  private getJson<T>(
    connection: KubernetesConnection,
    token: string,
    pathAndQuery: string,
  ): Promise<T> {
    const url = new URL(connection.apiUrl.replace(/\/+$/, '') + pathAndQuery);
    const isHttps = url.protocol === 'https:';
    const request = isHttps ? https.request : http.request;
    return new Promise<T>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'GET',
          agent: this.agentFor(connection, isHttps),
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
          },
          timeout: TIMEOUT_MS,
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status === 200) {
              try {
                resolve(JSON.parse(body));
              } catch {
                reject(
                  new ServiceUnavailableError(
                    `Kubernetes API returned invalid JSON for ${url.pathname}`,
                  ),
                );
              }
              return;
            }
            const detail = `Kubernetes API ${
              url.pathname
            } answered ${status}: ${body.slice(0, 200)}`;
            let error: Error;
            if (status === 401 || status === 403)
              error = new NotAllowedError(detail);
            else if (status === 404) error = new NotFoundError(detail);
            else error = new ServiceUnavailableError(detail);
            reject(Object.assign(error, { kubernetesStatus: status }));
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(
          new ServiceUnavailableError(
            `Kubernetes API ${url.host} did not answer within ${TIMEOUT_MS} ms`,
          ),
        ),
      );
      req.on('error', error =>
        reject(
          error instanceof ServiceUnavailableError
            ? error
            : new ServiceUnavailableError(
                `Kubernetes API ${url.host} unreachable: ${error.message}`,
                error,
              ),
        ),
      );
      req.end();
    });
  }
}
