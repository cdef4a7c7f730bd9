import {
  ANNOTATION_ALARM_NAMES,
  ANNOTATION_ALARM_PREFIX,
  ANNOTATION_DYNAMODB_TABLES,
  ANNOTATION_EKS_CLUSTER_ARNS,
  ANNOTATION_IAM_ROLE,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ANNOTATION_SECRETS_PREFIX,
  ANNOTATION_WAF_HOST,
  ANNOTATION_WAF_PATH_PREFIX,
  ANNOTATION_WAF_WEB_ACL,
  DEFAULT_KUBERNETES_NAMESPACE,
} from './annotations';

/**
 * The parts of a catalog entity the binding rule reads (a Backstage `Entity`
 * fits), so this browser-safe package needs no catalog dependency.
 */
export interface EntityLike {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
  };
  spec?: { type?: unknown; [key: string]: unknown };
}

/**
 * One AWS resource (or family of resources) an entity says is its own, after
 * defaults. `annotation` is where it comes from (also when defaulted), so a
 * refusal can name it.
 */
export type AwsClaim = {
  annotation: string;
  /** True when the annotation is absent and the claim is its default. */
  defaulted: boolean;
} & (
  | { type: 'kubernetes-id'; value: string }
  | { type: 'kubernetes-label-selector'; value: string }
  | { type: 'eks-cluster-arn'; value: string }
  /** Alarms named `<value>-...`. */
  | { type: 'alarm-prefix'; value: string }
  | { type: 'alarm-name'; value: string }
  | { type: 'alarm-arn'; value: string; alarmName: string }
  | {
      type: 'waf-traffic';
      webAcl: string;
      scope: 'REGIONAL' | 'CLOUDFRONT';
      /** Lower-case host; any host when absent. */
      host?: string;
      pathPrefix: string;
    }
  /** Secrets whose name starts with `<value>`. */
  | { type: 'secrets-prefix'; value: string }
  | { type: 'iam-role'; value: string }
  /** One DynamoDB table, by name. */
  | { type: 'dynamodb-table'; value: string }
);

export type AwsClaimType = AwsClaim['type'];

/**
 * The AWS plugins show components only, so only components claim resources;
 * an entity of another kind is linked to nothing.
 */
export function isClaimingEntity(entity: EntityLike): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'component';
}

const DEFAULT_WEB_ACL: Record<string, string> = {
  service: 'inbestment-alb',
  website: 'inbestment-cloudfront',
};

/** `/api/<name without -service>` for services, `/mfe/<name without -mfe>/` for websites, `/` otherwise. */
export function defaultWafPathPrefix(entity: EntityLike): string {
  const { name } = entity.metadata;
  if (entity.spec?.type === 'service') {
    return `/api/${name.replace(/-service$/, '')}`;
  }
  if (entity.spec?.type === 'website') {
    return `/mfe/${name.replace(/-mfe$/, '')}/`;
  }
  return '/';
}

/**
 * `inbestment-<name without -service>` for services (how the store names its
 * tables: catalog/resources-services.yaml), none for other types.
 */
export function defaultDynamoDbTable(entity: EntityLike): string | undefined {
  return entity.spec?.type === 'service'
    ? `inbestment-${entity.metadata.name.replace(/-service$/, '')}`
    : undefined;
}

/** Reads a comma-separated annotation; absent or blank gives `undefined`. */
export function readListAnnotation(
  entity: EntityLike,
  annotation: string,
): string[] | undefined {
  const raw = entity.metadata.annotations?.[annotation];
  const items = raw
    ?.split(',')
    .map(item => item.trim())
    .filter(Boolean);
  return items?.length ? items : undefined;
}

const annotationOf = (entity: EntityLike, annotation: string) =>
  entity.metadata.annotations?.[annotation]?.trim() || undefined;

/** The alarm name of a CloudWatch alarm ARN (`arn:...:alarm:<name>`), or undefined. */
function alarmNameOfArn(arn: string): string | undefined {
  return /^arn:[^:]+:cloudwatch:[^:]*:\d*:alarm:(.+)$/.exec(arn)?.[1];
}

/**
 * Every AWS resource the entity claims, after defaults: the one place the
 * defaults of docs/annotations.md are applied.
 */
export function entityClaims(entity: EntityLike): AwsClaim[] {
  if (!isClaimingEntity(entity)) return [];
  const { name } = entity.metadata;
  const claims: AwsClaim[] = [];
  const add = (annotation: string, fallback: string | undefined) => {
    const value = annotationOf(entity, annotation);
    return { value: value ?? fallback, defaulted: value === undefined };
  };

  const selector = annotationOf(entity, ANNOTATION_KUBERNETES_LABEL_SELECTOR);
  const kubernetesId = annotationOf(entity, ANNOTATION_KUBERNETES_ID);
  if (selector) {
    claims.push({
      type: 'kubernetes-label-selector',
      annotation: ANNOTATION_KUBERNETES_LABEL_SELECTOR,
      defaulted: false,
      value: selector,
    });
  } else if (kubernetesId) {
    claims.push({
      type: 'kubernetes-id',
      annotation: ANNOTATION_KUBERNETES_ID,
      defaulted: false,
      value: kubernetesId,
    });
  }
  for (const arn of readListAnnotation(entity, ANNOTATION_EKS_CLUSTER_ARNS) ??
    []) {
    claims.push({
      type: 'eks-cluster-arn',
      annotation: ANNOTATION_EKS_CLUSTER_ARNS,
      defaulted: false,
      value: arn,
    });
  }

  const prefix = add(ANNOTATION_ALARM_PREFIX, name);
  claims.push({
    type: 'alarm-prefix',
    annotation: ANNOTATION_ALARM_PREFIX,
    defaulted: prefix.defaulted,
    value: prefix.value!,
  });
  for (const item of readListAnnotation(entity, ANNOTATION_ALARM_NAMES) ?? []) {
    if (item.startsWith('arn:')) {
      claims.push({
        type: 'alarm-arn',
        annotation: ANNOTATION_ALARM_NAMES,
        defaulted: false,
        value: item,
        // An unparsable ARN names no alarm; the CloudWatch plugin reports it.
        alarmName: alarmNameOfArn(item) ?? item,
      });
    } else {
      claims.push({
        type: 'alarm-name',
        annotation: ANNOTATION_ALARM_NAMES,
        defaulted: false,
        value: item,
      });
    }
  }

  const type = String(entity.spec?.type ?? '');
  const webAcl = add(ANNOTATION_WAF_WEB_ACL, DEFAULT_WEB_ACL[type]);
  if (webAcl.value) {
    const host = annotationOf(entity, ANNOTATION_WAF_HOST);
    const pathPrefix = add(
      ANNOTATION_WAF_PATH_PREFIX,
      defaultWafPathPrefix(entity),
    );
    claims.push({
      type: 'waf-traffic',
      annotation: ANNOTATION_WAF_PATH_PREFIX,
      defaulted: webAcl.defaulted && pathPrefix.defaulted,
      webAcl: webAcl.value,
      scope: type === 'website' ? 'CLOUDFRONT' : 'REGIONAL',
      host: host?.toLocaleLowerCase('en-US'),
      pathPrefix: pathPrefix.value!,
    });
  }

  const secrets = add(ANNOTATION_SECRETS_PREFIX, `inbestment/${name}/`);
  claims.push({
    type: 'secrets-prefix',
    annotation: ANNOTATION_SECRETS_PREFIX,
    defaulted: secrets.defaulted,
    value: secrets.value!,
  });
  const role = add(ANNOTATION_IAM_ROLE, `inbestment-${name}`);
  claims.push({
    type: 'iam-role',
    annotation: ANNOTATION_IAM_ROLE,
    defaulted: role.defaulted,
    value: role.value!,
  });

  const tables = readListAnnotation(entity, ANNOTATION_DYNAMODB_TABLES);
  const defaultTable = defaultDynamoDbTable(entity);
  for (const table of tables ?? (defaultTable ? [defaultTable] : [])) {
    claims.push({
      type: 'dynamodb-table',
      annotation: ANNOTATION_DYNAMODB_TABLES,
      defaulted: !tables,
      value: table,
    });
  }
  return claims;
}

/** How the AWS plugins find an entity's resources, built from (granted) claims. */
export interface AwsLinks {
  /** Workloads matching `selector` in `namespace`. */
  kubernetes?: { selector: string; namespace: string };
  /** Extra EKS clusters, besides the environments' own. */
  eksClusterArns: string[];
  alarms: { prefix?: string; names: string[]; arns: string[] };
  waf?: {
    webAcl: string;
    scope: 'REGIONAL' | 'CLOUDFRONT';
    host?: string;
    pathPrefix: string;
  };
  secretsPrefix?: string;
  iamRole?: string;
  /** DynamoDB table names; absent when the entity holds no table claim. */
  dynamodbTables?: string[];
}

/** The links of an entity, from the claims it holds (all of them by default). */
export function linksOf(
  entity: EntityLike,
  claims: AwsClaim[] = entityClaims(entity),
): AwsLinks {
  const links: AwsLinks = {
    eksClusterArns: [],
    alarms: { names: [], arns: [] },
  };
  const namespace =
    annotationOf(entity, ANNOTATION_KUBERNETES_NAMESPACE) ??
    DEFAULT_KUBERNETES_NAMESPACE;
  for (const claim of claims) {
    switch (claim.type) {
      case 'kubernetes-id':
        links.kubernetes = {
          selector: `${ANNOTATION_KUBERNETES_ID}=${claim.value}`,
          namespace,
        };
        break;
      case 'kubernetes-label-selector':
        links.kubernetes = { selector: claim.value, namespace };
        break;
      case 'eks-cluster-arn':
        links.eksClusterArns.push(claim.value);
        break;
      case 'alarm-prefix':
        links.alarms.prefix = claim.value;
        break;
      case 'alarm-name':
        links.alarms.names.push(claim.value);
        break;
      case 'alarm-arn':
        links.alarms.arns.push(claim.value);
        break;
      case 'waf-traffic':
        links.waf = {
          webAcl: claim.webAcl,
          scope: claim.scope,
          host: claim.host,
          pathPrefix: claim.pathPrefix,
        };
        break;
      case 'secrets-prefix':
        links.secretsPrefix = claim.value;
        break;
      case 'iam-role':
        links.iamRole = claim.value;
        break;
      case 'dynamodb-table':
        (links.dynamodbTables ??= []).push(claim.value);
        break;
      default:
    }
  }
  return links;
}

/** A claim in words, for messages: `alarms named identity-service-*`. */
export function describeClaim(claim: AwsClaim): string {
  switch (claim.type) {
    case 'kubernetes-id':
      return `workloads labelled ${ANNOTATION_KUBERNETES_ID}=${claim.value}`;
    case 'kubernetes-label-selector':
      return `workloads matching ${claim.value}`;
    case 'eks-cluster-arn':
      return `EKS cluster ${claim.value}`;
    case 'alarm-prefix':
      return `alarms named ${claim.value}-*`;
    case 'alarm-name':
      return `alarm ${claim.value}`;
    case 'alarm-arn':
      return `alarm ${claim.value}`;
    case 'waf-traffic':
      return `${claim.webAcl} traffic to ${claim.host ?? 'any host'}${
        claim.pathPrefix
      }`;
    case 'secrets-prefix':
      return `secrets named ${claim.value}*`;
    case 'iam-role':
      return `IAM role ${claim.value}`;
    case 'dynamodb-table':
      return `DynamoDB table ${claim.value}`;
    default:
      return 'an unknown resource';
  }
}

/**
 * What an entity outside the store's reviewed catalog files may claim: only
 * resources named after itself. Returns, for a claim it may not make, the
 * annotation at fault and what it may claim there instead; undefined when the
 * claim is named after the entity.
 */
export function selfNamedViolation(
  entity: EntityLike,
  claim: AwsClaim,
): { annotation: string; allowed: string } | undefined {
  const { name } = entity.metadata;
  const type = String(entity.spec?.type ?? '');
  const only = (allowed: string, ok: boolean, annotation = claim.annotation) =>
    ok ? undefined : { annotation, allowed };
  switch (claim.type) {
    case 'kubernetes-id':
      return only(name, claim.value === name);
    case 'kubernetes-label-selector':
      return only(`${ANNOTATION_KUBERNETES_ID}: ${name} instead`, false);
    case 'eks-cluster-arn':
      return only("its environments' clusters", false);
    case 'alarm-prefix':
      return only(name, claim.value === name);
    case 'alarm-name':
      return only(`${name}-*`, claim.value.startsWith(`${name}-`));
    case 'alarm-arn':
      return only(`${name}-*`, claim.alarmName.startsWith(`${name}-`));
    case 'waf-traffic': {
      const webAcl = DEFAULT_WEB_ACL[type];
      if (claim.webAcl !== webAcl) {
        return only(
          webAcl ?? 'none (only services and websites)',
          false,
          ANNOTATION_WAF_WEB_ACL,
        );
      }
      const pathPrefix = defaultWafPathPrefix(entity);
      return only(pathPrefix, claim.pathPrefix === pathPrefix);
    }
    case 'secrets-prefix':
      return only(`inbestment/${name}/`, claim.value === `inbestment/${name}/`);
    case 'iam-role':
      return only(`inbestment-${name}`, claim.value === `inbestment-${name}`);
    case 'dynamodb-table': {
      const own = defaultDynamoDbTable(entity);
      return only(
        own ? `${own} or ${own}-*` : 'none (only services)',
        !!own && (claim.value === own || claim.value.startsWith(`${own}-`)),
      );
    }
    default:
      return only('nothing', false);
  }
}

/**
 * How claim `a` relates to claim `b` of another entity: `same` resources,
 * `contains` (b is more specific), `within` (a is more specific), `overlaps`
 * (some resources are both's, neither is inside the other), or undefined
 * (nothing in common). Names are compared case-insensitively, so that case
 * alone never separates two claims.
 */
export type ClaimRelation = 'same' | 'contains' | 'within' | 'overlaps';

const lower = (value: string) => value.toLocaleLowerCase('en-US');

function fromContainment(
  aHasB: boolean,
  bHasA: boolean,
): ClaimRelation | undefined {
  if (aHasB && bHasA) return 'same';
  if (aHasB) return 'contains';
  if (bHasA) return 'within';
  return undefined;
}

/** Prefix families: `a` contains `b` when every name starting with b starts with a. */
function relatePrefixes(a: string, b: string): ClaimRelation | undefined {
  return fromContainment(b.startsWith(a), a.startsWith(b));
}

/** The alarms a claim covers, as a prefix family or an exact name. */
function alarmScope(
  claim: AwsClaim,
): { prefix: string } | { name: string } | undefined {
  if (claim.type === 'alarm-prefix')
    return { prefix: `${lower(claim.value)}-` };
  if (claim.type === 'alarm-name') return { name: lower(claim.value) };
  if (claim.type === 'alarm-arn') return { name: lower(claim.alarmName) };
  return undefined;
}

function relateAlarms(a: AwsClaim, b: AwsClaim): ClaimRelation | undefined {
  const x = alarmScope(a);
  const y = alarmScope(b);
  if (!x || !y) return undefined;
  if ('prefix' in x && 'prefix' in y) return relatePrefixes(x.prefix, y.prefix);
  if ('prefix' in x && 'name' in y) {
    return y.name.startsWith(x.prefix) ? 'contains' : undefined;
  }
  if ('name' in x && 'prefix' in y) {
    return x.name.startsWith(y.prefix) ? 'within' : undefined;
  }
  return (x as { name: string }).name === (y as { name: string }).name
    ? 'same'
    : undefined;
}

/**
 * WAF path prefixes match whole segments unless they end in `/`; compare them
 * as subtrees (`/api/order` as `/api/order/`), which can only overstate an
 * overlap.
 */
const subtree = (prefix: string) =>
  lower(prefix.endsWith('/') ? prefix : `${prefix}/`);

function relateWaf(a: AwsClaim, b: AwsClaim): ClaimRelation | undefined {
  if (a.type !== 'waf-traffic' || b.type !== 'waf-traffic') return undefined;
  if (lower(a.webAcl) !== lower(b.webAcl)) return undefined;
  if (a.host && b.host && a.host !== b.host) return undefined;
  const paths = relatePrefixes(subtree(a.pathPrefix), subtree(b.pathPrefix));
  if (!paths) return undefined;
  const aPathHasB = paths === 'same' || paths === 'contains';
  const bPathHasA = paths === 'same' || paths === 'within';
  const aHostHasB = !a.host || a.host === b.host;
  const bHostHasA = !b.host || a.host === b.host;
  return (
    fromContainment(aPathHasB && aHostHasB, bPathHasA && bHostHasA) ??
    'overlaps'
  );
}

/** A label selector that names the id as a whole word may select its workloads. */
function selectorMentions(selector: string, id: string): boolean {
  return lower(selector)
    .split(/[^\w./-]+/)
    .includes(lower(id));
}

function relateKubernetes(a: AwsClaim, b: AwsClaim): ClaimRelation | undefined {
  if (a.type === 'kubernetes-id' && b.type === 'kubernetes-id') {
    return lower(a.value) === lower(b.value) ? 'same' : undefined;
  }
  if (a.type === 'kubernetes-id' && b.type === 'kubernetes-label-selector') {
    return selectorMentions(b.value, a.value) ? 'overlaps' : undefined;
  }
  if (a.type === 'kubernetes-label-selector' && b.type === 'kubernetes-id') {
    return selectorMentions(a.value, b.value) ? 'overlaps' : undefined;
  }
  if (
    a.type === 'kubernetes-label-selector' &&
    b.type === 'kubernetes-label-selector'
  ) {
    return lower(a.value) === lower(b.value) ? 'same' : undefined;
  }
  return undefined;
}

/** How claim `a` relates to claim `b`; undefined when they share nothing. */
export function relateClaims(
  a: AwsClaim,
  b: AwsClaim,
): ClaimRelation | undefined {
  if (a.type === 'secrets-prefix' && b.type === 'secrets-prefix') {
    return relatePrefixes(lower(a.value), lower(b.value));
  }
  if (a.type === 'iam-role' && b.type === 'iam-role') {
    // IAM role names are unique case-insensitively.
    return lower(a.value) === lower(b.value) ? 'same' : undefined;
  }
  if (a.type === 'dynamodb-table' && b.type === 'dynamodb-table') {
    return lower(a.value) === lower(b.value) ? 'same' : undefined;
  }
  if (a.type === 'eks-cluster-arn' && b.type === 'eks-cluster-arn') {
    return a.value === b.value ? 'same' : undefined;
  }
  return relateAlarms(a, b) ?? relateWaf(a, b) ?? relateKubernetes(a, b);
}

/** One entity's claims as the index holds them. */
export interface ClaimHolder {
  entityRef: string;
  /** From the store's reviewed catalog files. */
  trusted: boolean;
  claims: AwsClaim[];
}

/** Why a claim is refused. */
export interface ClaimRefusal {
  claim: AwsClaim;
  message: string;
}

/** The claims an entity holds and those refused to it. */
export interface ClaimDecision {
  granted: AwsClaim[];
  refused: ClaimRefusal[];
}

/**
 * Every claiming entity's effective claims. Untrusted entities are indexed
 * with their self-named claims only, so a refused claim blocks nobody.
 */
export class ClaimsIndex {
  private readonly holders: ClaimHolder[];

  constructor(
    entities: Array<{
      entity: EntityLike;
      entityRef: string;
      trusted: boolean;
    }>,
  ) {
    this.holders = entities
      .filter(({ entity }) => isClaimingEntity(entity))
      .map(({ entity, entityRef, trusted }) => ({
        entityRef,
        trusted,
        claims: entityClaims(entity).filter(
          claim => trusted || !selfNamedViolation(entity, claim),
        ),
      }));
  }

  /**
   * The first claim of another entity that wins over `claim` of the
   * untrusted entity `entityRef`: any overlapping claim of a trusted entity,
   * or an equal, more specific or partly overlapping one of an untrusted
   * entity. An untrusted claim that is more specific than another untrusted
   * one keeps its resources.
   */
  winnerOver(
    entityRef: string,
    claim: AwsClaim,
  ): { holder: string; claim: AwsClaim } | undefined {
    for (const holder of this.holders) {
      if (holder.entityRef === entityRef) continue;
      for (const other of holder.claims) {
        const relation = relateClaims(claim, other);
        if (relation && (holder.trusted || relation !== 'within')) {
          return { holder: holder.entityRef, claim: other };
        }
      }
    }
    return undefined;
  }
}

/**
 * The binding rule (docs/annotations.md): an entity from the store's reviewed
 * catalog files holds every claim it makes (the awsOps allowlist still
 * applies); any other entity holds only claims named after itself that no
 * other entity's claim wins over. Without an index only the self-named rule
 * is applied.
 */
export function decideClaims(
  entity: EntityLike,
  entityRef: string,
  options: { trusted: boolean; index?: ClaimsIndex },
): ClaimDecision {
  const claims = entityClaims(entity);
  if (options.trusted) return { granted: claims, refused: [] };
  const decision: ClaimDecision = { granted: [], refused: [] };
  for (const claim of claims) {
    const violation = selfNamedViolation(entity, claim);
    if (violation) {
      decision.refused.push({
        claim,
        message: `${entityRef} may not claim ${describeClaim(claim)} (${
          violation.annotation
        }): it does not come from the store's reviewed catalog files, so it may only claim resources named after itself (${
          violation.annotation
        }: ${violation.allowed})`,
      });
      continue;
    }
    const winner = options.index?.winnerOver(entityRef, claim);
    if (winner) {
      decision.refused.push({
        claim,
        message: `${entityRef} may not claim ${describeClaim(claim)} (${
          claim.annotation
        }${claim.defaulted ? ', by default' : ''}): ${
          winner.holder
        } claims ${describeClaim(winner.claim)}`,
      });
      continue;
    }
    decision.granted.push(claim);
  }
  return decision;
}
