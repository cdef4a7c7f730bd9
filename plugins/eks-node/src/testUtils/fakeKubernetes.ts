import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import http from 'node:http';
import { listenOnLoopback } from '@internal/backstage-plugin-aws-ops-node/testUtils';
import { CLUSTER_ID_HEADER, EKS_TOKEN_PREFIX } from '../kubernetes/eksToken';
import { NamespaceWorkloads } from '../kubernetes/types';

/** Why a bearer token is not a valid EKS token for `clusterName`, or undefined. */
export async function checkEksToken(
  authorization: string | undefined,
  expected: {
    clusterName: string;
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
    /** The STS host of the cluster's partition; default `sts.<region>.amazonaws.com`. */
    stsHost?: string;
  },
): Promise<string | undefined> {
  const token = authorization?.replace(/^Bearer /, '');
  if (!token?.startsWith(EKS_TOKEN_PREFIX)) return 'not a k8s-aws-v1 token';
  const url = new URL(
    Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString(),
  );
  const q = url.searchParams;
  if (
    url.hostname !==
    (expected.stsHost ?? `sts.${expected.region}.amazonaws.com`)
  )
    return `wrong STS host ${url.hostname}`;
  if (q.get('Action') !== 'GetCallerIdentity') return 'not GetCallerIdentity';
  const signedHeaders = q.get('X-Amz-SignedHeaders')?.split(';') ?? [];
  if (!signedHeaders.includes(CLUSTER_ID_HEADER))
    return `${CLUSTER_ID_HEADER} is not signed`;
  if (!q.get('X-Amz-Credential')?.startsWith(`${expected.accessKeyId}/`))
    return 'wrong access key';
  // Re-sign with the expected cluster id: the signature only matches when the
  // token was made for this cluster, which is what STS checks for EKS.
  const amzDate = q.get('X-Amz-Date') ?? '';
  const signingDate = new Date(
    amzDate.replace(
      /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
      '$1-$2-$3T$4:$5:$6Z',
    ),
  );
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: expected.accessKeyId,
      secretAccessKey: expected.secretAccessKey,
    },
    region: expected.region,
    service: 'sts',
    sha256: Sha256,
  });
  const resigned = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: url.hostname,
      path: '/',
      headers: {
        host: url.hostname,
        [CLUSTER_ID_HEADER]: expected.clusterName,
      },
      query: { Action: 'GetCallerIdentity', Version: q.get('Version') ?? '' },
    },
    { expiresIn: Number(q.get('X-Amz-Expires')), signingDate },
  );
  if (resigned.query?.['X-Amz-Signature'] !== q.get('X-Amz-Signature')) {
    return `signature does not match cluster ${expected.clusterName}`;
  }
  return undefined;
}

type ListField = Exclude<keyof NamespaceWorkloads, 'podDisruptionBudgetsError'>;

const LIST_PATHS: Array<[RegExp, ListField, string]> = [
  [
    /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments$/,
    'deployments',
    'DeploymentList',
  ],
  [
    /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/replicasets$/,
    'replicaSets',
    'ReplicaSetList',
  ],
  [/^\/api\/v1\/namespaces\/([^/]+)\/pods$/, 'pods', 'PodList'],
  [
    /^\/apis\/autoscaling\/v2\/namespaces\/([^/]+)\/horizontalpodautoscalers$/,
    'autoscalers',
    'HorizontalPodAutoscalerList',
  ],
  [
    /^\/apis\/policy\/v1\/namespaces\/([^/]+)\/poddisruptionbudgets$/,
    'podDisruptionBudgets',
    'PodDisruptionBudgetList',
  ],
];

export interface FakeKubernetesServer {
  url: string;
  /** Requests served, by path. */
  requests: string[];
  /** The bearer token of each request, in order. */
  tokens: string[];
  /** Answers the next `count` requests 401, as when a token is revoked or expired early. */
  refuseNext(count: number): void;
  close(): Promise<void>;
}

/**
 * A Kubernetes API server for tests: checks the EKS bearer token, serves list
 * responses (in pages of `pageSize`, with `continue` tokens) in the official
 * object shapes, and answers 401 to bad tokens. A namespace whose workloads
 * carry `podDisruptionBudgetsError` answers its PodDisruptionBudget list 403
 * with that message, as an RBAC role without the permission does.
 */
export async function startFakeKubernetes(options: {
  clusterName: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Per namespace; a function is asked on every request (workloads that change over time). */
  workloads:
    | Record<string, NamespaceWorkloads>
    | ((namespace: string) => NamespaceWorkloads | undefined);
  pageSize?: number;
  stsHost?: string;
}): Promise<FakeKubernetesServer> {
  const requests: string[] = [];
  const tokens: string[] = [];
  let refuse = 0;
  const pageSize = options.pageSize ?? 2;
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url.pathname);
    tokens.push(req.headers.authorization?.replace(/^Bearer /, '') ?? '');
    let problem = await checkEksToken(req.headers.authorization, options);
    if (!problem && refuse > 0) {
      refuse--;
      problem = 'token refused';
    }
    if (problem) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          status: 'Failure',
          reason: 'Unauthorized',
          message: problem,
          code: 401,
        }),
      );
      return;
    }
    for (const [pattern, field, kind] of LIST_PATHS) {
      const match = pattern.exec(url.pathname);
      if (!match) continue;
      const namespace = decodeURIComponent(match[1]);
      const { workloads } = options;
      const listed =
        typeof workloads === 'function'
          ? workloads(namespace)
          : workloads[namespace];
      if (
        field === 'podDisruptionBudgets' &&
        listed?.podDisruptionBudgetsError
      ) {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            kind: 'Status',
            status: 'Failure',
            reason: 'Forbidden',
            message: listed.podDisruptionBudgetsError,
            code: 403,
          }),
        );
        return;
      }
      const all: unknown[] = listed?.[field] ?? [];
      const start = Number(url.searchParams.get('continue') ?? 0);
      const limit = Math.min(
        pageSize,
        Number(url.searchParams.get('limit') ?? pageSize),
      );
      const next =
        start + limit < all.length ? String(start + limit) : undefined;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind,
          apiVersion: 'v1',
          metadata: {
            resourceVersion: '1',
            ...(next ? { continue: next } : {}),
          },
          items: all.slice(start, start + limit),
        }),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        kind: 'Status',
        status: 'Failure',
        reason: 'NotFound',
        code: 404,
      }),
    );
  });
  return {
    ...(await listenOnLoopback(server)),
    requests,
    tokens,
    refuseNext: count => {
      refuse = count;
    },
  };
}
