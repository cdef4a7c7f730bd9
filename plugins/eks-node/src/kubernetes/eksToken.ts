import { Sha256 } from '@aws-crypto/sha256-js';
import { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { parse as parseArn, validate as isArn } from '@aws-sdk/util-arn-parser';
import { InputError } from '@backstage/errors';
import { SignatureV4 } from '@smithy/signature-v4';

/** Header the presigned request carries so the token only works for one cluster. */
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
/** Prefix aws-iam-authenticator expects in front of the base64url URL. */
export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';

/** DNS suffix of each partition's regional endpoints (STS included). */
const PARTITION_DNS_SUFFIX: Record<string, string> = {
  aws: 'amazonaws.com',
  'aws-us-gov': 'amazonaws.com',
  'aws-cn': 'amazonaws.com.cn',
  'aws-iso': 'c2s.ic.gov',
  'aws-iso-b': 'sc2s.sgov.gov',
  'aws-iso-e': 'cloud.adc-e.uk',
  'aws-iso-f': 'csp.hci.ic.gov',
};

/** The partition of a region by its name, for clusters without an ARN. */
function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

/**
 * Where to sign the token: the cluster's partition and region from its ARN
 * (`arn:aws-cn:eks:cn-north-1:…` signs for `sts.cn-north-1.amazonaws.com.cn`),
 * or from the region name when the ARN is not known.
 */
export function stsEndpointOf(cluster: { arn?: string; region: string }): {
  partition: string;
  region: string;
  hostname: string;
} {
  let partition = partitionOfRegion(cluster.region);
  let region = cluster.region;
  if (cluster.arn) {
    if (!isArn(cluster.arn)) {
      throw new InputError(`'${cluster.arn}' is not an ARN`);
    }
    const arn = parseArn(cluster.arn);
    partition = arn.partition;
    region = arn.region || region;
  }
  const suffix = PARTITION_DNS_SUFFIX[partition];
  if (!suffix) {
    throw new InputError(`Unknown AWS partition '${partition}'`);
  }
  return { partition, region, hostname: `sts.${region}.${suffix}` };
}

/**
 * An EKS bearer token: a presigned STS GetCallerIdentity URL whose signature
 * covers the `x-k8s-aws-id: <cluster>` header, as `aws eks get-token` makes
 * it. Uses the regional STS endpoint of the cluster's partition (from its
 * ARN). EKS accepts it for 15 minutes from signing.
 */
export async function createEksToken(options: {
  credentials: AwsCredentialIdentityProvider;
  region: string;
  clusterName: string;
  /** The cluster's ARN from DescribeCluster: its partition picks the STS endpoint. */
  clusterArn?: string;
}): Promise<string> {
  const { hostname, region } = stsEndpointOf({
    arn: options.clusterArn,
    region: options.region,
  });
  const signer = new SignatureV4({
    credentials: options.credentials,
    region,
    service: 'sts',
    sha256: Sha256,
  });
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      headers: { host: hostname, [CLUSTER_ID_HEADER]: options.clusterName },
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    },
    { expiresIn: 60 },
  );
  const query = Object.entries(presigned.query ?? {})
    .map(
      ([key, value]) =>
        `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`,
    )
    .join('&');
  const url = `https://${hostname}/?${query}`;
  return `${EKS_TOKEN_PREFIX}${Buffer.from(url).toString('base64url')}`;
}
