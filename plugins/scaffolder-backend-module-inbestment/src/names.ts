import { createHash } from 'node:crypto';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  ComponentType,
  NAME_SUFFIX,
} from '@internal/backstage-plugin-scaffolder-inbestment-common';

/** Facts about the store that every generated name depends on. */
export const STORE = {
  namespace: 'inbestment',
  region: 'eu-west-1',
  accounts: { prod: '111122223333', staging: '444455556666' },
  clusters: { prod: 'inbestment-prod', staging: 'inbestment-staging' },
  // One state bucket for the store (as its docs say); state is locked with S3 lock files (Terraform >= 1.11).
  stateBucket: 'inbestment-terraform-state',
  githubOrg: 'inbestment',
} as const;

export type DerivedNames = ReturnType<typeof deriveNames>;

/**
 * Every resource name of a component, derived from its catalog name and owner team
 * (the store routes each team's alarms through the SNS topic `inbestment-<team>-alarms`).
 */
export function deriveNames(name: string, type: ComponentType, owner: string) {
  const team = parseEntityRef(owner, { defaultKind: 'group' }).name;
  const base = name.slice(0, -NAME_SUFFIX[type].length);
  const words = name.split('-');
  const title = words.map(w => w[0].toUpperCase() + w.slice(1)).join(' ');
  const registry = `${STORE.accounts.prod}.dkr.ecr.${STORE.region}.amazonaws.com`;
  const common = {
    name,
    type,
    base,
    title,
    namespace: STORE.namespace,
    region: STORE.region,
    accounts: STORE.accounts,
    clusters: STORE.clusters,
    environments: ['prod', 'staging'],
    stateBucket: STORE.stateBucket,
    stateKey: {
      prod: `components/${name}/prod/terraform.tfstate`,
      staging: `components/${name}/staging/terraform.tfstate`,
    },
    githubSlug: `${STORE.githubOrg}/${name}`,
    alarmPrefix: name,
    secretsPrefix: `inbestment/${name}/`,
    iamRole: `inbestment-${name}`,
  };
  if (type === 'service') {
    const javaName = base.replace(/-/g, '');
    return {
      ...common,
      wafWebAcl: 'inbestment-alb',
      wafHost: 'api.inbestment.shop',
      wafPathPrefix: `/api/${base}`,
      apiName: `${name}-api`,
      javaPackage: `com.inbestment.${javaName}`,
      javaPackagePath: `com/inbestment/${javaName}`,
      registry,
      ecrRepository: `inbestment/${name}`,
      image: `${registry}/inbestment/${name}`,
      dynamoTable: `inbestment-${name}`,
      secretName: `inbestment/${name}/app`,
      targetGroup: name,
      listenerPriority: listenerPriority(name),
      alarmTopic: `inbestment-${team}-alarms`,
    };
  }
  return {
    ...common,
    wafWebAcl: 'inbestment-cloudfront',
    wafHost: 'www.inbestment.shop',
    wafPathPrefix: `/mfe/${base}/`,
    // Module federation names are JavaScript identifiers.
    federationName: words
      .map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1)))
      .join(''),
    bucketPrefix: `inbestment-${name}`,
    // CloudFront metrics, and so the alarms on them and their topic, are in us-east-1.
    alarmTopic: `inbestment-${team}-alarms-us-east-1`,
    devPort: 4200 + (parseInt(hash(name).slice(0, 4), 16) % 700),
  };
}

function hash(value: string) {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * ALB listener rule priorities must be unique per listener; a stable hash spreads the store's services over
 * 1000-49999 so they never need coordinating (a collision fails the Terraform plan, not silently).
 */
function listenerPriority(name: string) {
  return 1000 + (parseInt(hash(name).slice(0, 8), 16) % 49000);
}
