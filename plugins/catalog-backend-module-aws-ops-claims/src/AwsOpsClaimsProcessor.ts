import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { isClaimingEntity } from '@internal/backstage-plugin-aws-ops-common';
import { AwsOpsClaimsService } from '@internal/backstage-plugin-aws-ops-node';

/**
 * Refuses a component from outside the store's reviewed catalog files that
 * claims AWS resources not named after itself, or resources another entity's
 * claim wins (docs/annotations.md): one processing error per refused claim,
 * naming the entity and the annotation. An entity with such an error is not
 * (re)stitched, so a planted one never reaches the catalog. The AWS routes
 * apply the same rule again when they read entities.
 */
export class AwsOpsClaimsProcessor implements CatalogProcessor {
  constructor(
    private readonly options: {
      claims: AwsOpsClaimsService;
      logger: LoggerService;
    },
  ) {}

  getProcessorName(): string {
    return 'AwsOpsClaimsProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isClaimingEntity(entity)) return entity;
    const { entityRef, decision, indexError } = await this.options.claims.check(
      entity,
    );
    if (indexError) {
      // Collisions are checked again on every AWS read, which fails closed.
      this.options.logger.debug(
        `Checked the AWS claims of ${entityRef} by name only: ${indexError.message}`,
      );
    }
    for (const refusal of decision.refused) {
      emit(processingResult.inputError(location, refusal.message));
    }
    return entity;
  }
}
