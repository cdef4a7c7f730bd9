import { parse as parseArnParts, validate } from '@aws-sdk/util-arn-parser';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  ANNOTATION_ENVIRONMENTS,
  AwsOpsErrorEntry,
  readListAnnotation,
} from '@internal/backstage-plugin-aws-ops-common';
import { AwsOpsConfig, AwsOpsEnvironment, AwsTarget } from './config';

/** The parts of an ARN the resolver checks. */
export interface ParsedArn extends AwsTarget {
  partition: string;
  service: string;
  resource: string;
}

/**
 * Turns an entity's (untrusted) annotations into AWS targets. Every target
 * comes out inside the `awsOps.accounts` allowlist or not at all.
 */
export class AwsOpsResolver {
  constructor(private readonly config: AwsOpsConfig) {}

  /** Throws NotAllowedError unless the account and region are allowlisted. */
  assertAllowed(target: AwsTarget): void {
    const account = this.config.accounts.find(
      a => a.accountId === target.accountId,
    );
    if (!account) {
      throw new NotAllowedError(
        `AWS account ${target.accountId} is not in the awsOps.accounts allowlist`,
      );
    }
    if (!account.regions.includes(target.region)) {
      throw new NotAllowedError(
        `Region ${target.region} of AWS account ${target.accountId} is not in the awsOps.accounts allowlist`,
      );
    }
  }

  /**
   * Parses an ARN of `service` (with `@aws-sdk/util-arn-parser`) and checks
   * its account and region against the allowlist, which holds 12-digit
   * accounts only.
   */
  parseArn(arn: string, service: string): ParsedArn {
    const parsed = validate(arn) ? parseArnParts(arn) : undefined;
    if (!parsed || parsed.service !== service || !parsed.resource) {
      throw new InputError(`'${arn}' is not a valid ${service} ARN`);
    }
    this.assertAllowed(parsed);
    return parsed;
  }

  /**
   * The environments an entity runs in: those named by
   * `aws-ops.io/environments`, or every configured environment. Unknown names
   * become error entries; the known ones are still returned.
   */
  resolveEnvironments(entity: Entity): {
    environments: AwsOpsEnvironment[];
    errors: AwsOpsErrorEntry[];
  } {
    const names = readListAnnotation(entity, ANNOTATION_ENVIRONMENTS);
    if (!names) {
      return { environments: this.config.environments, errors: [] };
    }
    const environments: AwsOpsEnvironment[] = [];
    const errors: AwsOpsErrorEntry[] = [];
    for (const name of names) {
      const environment = this.config.environments.find(e => e.name === name);
      if (environment) {
        environments.push(environment);
      } else {
        errors.push({
          scope: { environment: name },
          name: 'InputError',
          message: `Annotation ${ANNOTATION_ENVIRONMENTS} names '${name}', which is not an environment in awsOps.environments`,
        });
      }
    }
    return { environments, errors };
  }
}
