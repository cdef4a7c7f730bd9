import { Entity } from '@backstage/catalog-model';

/**
 * The entities the scorecard scores, the store's backend services, as a
 * catalog filter: the fact retrievers read these and the scorecards backend
 * scores and lists these, so the two sets cannot drift apart.
 */
export const SCORED_ENTITY_FILTER = {
  kind: 'component',
  'spec.type': 'service',
};

/** Whether `entity` is one the scorecard scores (`SCORED_ENTITY_FILTER`). */
export function isScoredEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === SCORED_ENTITY_FILTER.kind &&
    entity.spec?.type === SCORED_ENTITY_FILTER['spec.type']
  );
}

/** The fact every retriever of the store's module adds when part of a service's facts could not be read. */
export const READ_ERRORS_FACT = 'readErrors';

/**
 * When the row was read (ISO), in the row itself: the row's own timestamp does
 * not survive every database Tech Insights runs on (on SQLite it comes back as
 * an invalid date).
 */
export const READ_AT_FACT = 'readAt';

/**
 * Where a row's AWS facts come from, `aws` or `demo` (the demo scenario's
 * providers): the scorecard labels demo data as the AWS tabs do.
 */
export const DATA_SOURCE_FACT = 'dataSource';
