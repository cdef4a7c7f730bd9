import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AwsClaimType,
  AwsLinks,
  AwsOpsErrorEntry,
  ClaimDecision,
  ClaimsIndex,
  decideClaims,
  entityClaims,
  linksOf,
} from '@internal/backstage-plugin-aws-ops-common';
import { TrustedOrigins } from './trust';

/**
 * An entity with the AWS resources it may be shown: what the AWS plugins take
 * instead of a bare entity, so no plugin reads an entity's annotations itself.
 */
export interface GrantedClaims {
  entity: Entity;
  entityRef: string;
  /** From the store's reviewed catalog files. */
  trusted: boolean;
  /** Everything the entity claims (after defaults), for display. */
  claimed: AwsLinks;
  /** The claims it holds: the only resources an AWS plugin may read for it. */
  links: AwsLinks;
  /** One `NotAllowedError` entry per refused claim (or why none could be checked), by claim type. */
  errors: Array<AwsOpsErrorEntry & { claimType?: AwsClaimType }>;
}

/**
 * The errors of the claims one AWS plugin reads (e.g. the alarm claims for
 * CloudWatch), to show next to whatever else loaded.
 */
export function claimErrors(
  claims: GrantedClaims,
  types: AwsClaimType[],
): AwsOpsErrorEntry[] {
  return claims.errors
    .filter(error => !error.claimType || types.includes(error.claimType))
    .map(({ claimType: _, ...error }) => error);
}

/** The outcome of the binding rule for one entity. */
export interface ClaimsCheck {
  entityRef: string;
  trusted: boolean;
  decision: ClaimDecision;
  /** Set when the other entities' claims could not be read: then only the self-named rule was applied. */
  indexError?: Error;
}

/** Applies the binding rule of docs/annotations.md; see `awsOpsClaimsServiceRef`. */
export interface AwsOpsClaimsService {
  /** The rule's verdict on each claim of the entity. */
  check(entity: Entity): Promise<ClaimsCheck>;
  /**
   * The entity with the resources it holds. Fails closed: when the other
   * entities' claims cannot be read, an untrusted entity holds nothing.
   */
  grant(entity: Entity): Promise<GrantedClaims>;
}

/** Keeps the claims index for `ttlMs`, loading it once for concurrent callers. */
export class ClaimsIndexCache {
  private current?: { index: ClaimsIndex; expiresAt: number };
  private loading?: Promise<ClaimsIndex>;

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get(load: () => Promise<ClaimsIndex>): Promise<ClaimsIndex> {
    if (this.current && this.current.expiresAt > this.clock()) {
      return Promise.resolve(this.current.index);
    }
    if (!this.loading) {
      this.loading = load()
        .then(index => {
          this.current = { index, expiresAt: this.clock() + this.ttlMs };
          return index;
        })
        .finally(() => {
          this.loading = undefined;
        });
    }
    return this.loading;
  }
}

/**
 * Every component's claims, read with the backend's own credentials so that
 * entities the viewer cannot see still hold theirs.
 */
export async function loadClaimsIndex(options: {
  catalog: CatalogService;
  auth: AuthService;
  trust: TrustedOrigins;
}): Promise<ClaimsIndex> {
  const { items } = await options.catalog.getEntities(
    {
      filter: { kind: 'Component' },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
        'spec.type',
      ],
    },
    { credentials: await options.auth.getOwnServiceCredentials() },
  );
  return new ClaimsIndex(
    items.map(entity => ({
      entity,
      entityRef: stringifyEntityRef(entity),
      trusted: options.trust.isTrusted(entity),
    })),
  );
}

export class ClaimsGate implements AwsOpsClaimsService {
  constructor(
    private readonly options: {
      trust: TrustedOrigins;
      index: () => Promise<ClaimsIndex>;
    },
  ) {}

  async check(entity: Entity): Promise<ClaimsCheck> {
    const entityRef = stringifyEntityRef(entity);
    const trusted = this.options.trust.isTrusted(entity);
    if (trusted) {
      return {
        entityRef,
        trusted,
        decision: decideClaims(entity, entityRef, { trusted }),
      };
    }
    try {
      const index = await this.options.index();
      return {
        entityRef,
        trusted,
        decision: decideClaims(entity, entityRef, { trusted, index }),
      };
    } catch (error) {
      return {
        entityRef,
        trusted,
        decision: decideClaims(entity, entityRef, { trusted }),
        indexError: error instanceof Error ? error : new Error(String(error)),
      };
    }
  }

  async grant(entity: Entity): Promise<GrantedClaims> {
    const { entityRef, trusted, decision, indexError } = await this.check(
      entity,
    );
    const errors: GrantedClaims['errors'] = decision.refused.map(refusal => ({
      scope: {},
      name: 'NotAllowedError',
      message: refusal.message,
      claimType: refusal.claim.type,
    }));
    if (indexError && decision.granted.length) {
      errors.push({
        scope: {},
        name: 'ServiceUnavailableError',
        message: `The AWS resources of ${entityRef} are not shown: the other entities' claims could not be read to check them (${indexError.message})`,
      });
    }
    return {
      entity,
      entityRef,
      trusted,
      claimed: linksOf(entity, entityClaims(entity)),
      links: linksOf(entity, indexError ? [] : decision.granted),
      errors,
    };
  }
}
