import { Sha256 } from '@aws-crypto/sha256-js';
import { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { SignatureV4 } from '@smithy/signature-v4';

/** Header the presigned request carries so the token only works for one cluster. */
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
/** Prefix aws-iam-authenticator expects in front of the base64url URL. */
export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';

/**
 * An EKS bearer token: a presigned STS GetCallerIdentity URL whose signature
 * covers the `x-k8s-aws-id: <cluster>` header, as `aws eks get-token` makes
 * it. Uses the cluster's regional STS endpoint. The signature is valid for
 * 15 minutes from signing.
 */
export async function createEksToken(options: {
  credentials: AwsCredentialIdentityProvider;
  region: string;
  clusterName: string;
}): Promise<string> {
  const hostname = `sts.${options.region}.amazonaws.com`;
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region,
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
