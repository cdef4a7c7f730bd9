import { Entity } from '@backstage/catalog-model';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import catalogGraphPlugin from '@backstage/plugin-catalog-graph/alpha';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { ONCALL_CHANNEL_ANNOTATION } from './annotations';

const isTeam = (entity: Entity) =>
  entity.kind.toLocaleLowerCase('en-US') === 'group' &&
  entity.spec?.type === 'team';

/** A team's on-call channel, at the top of the info column. */
const onCallCard = EntityCardBlueprint.make({
  name: 'team-oncall',
  params: {
    type: 'info',
    filter: entity =>
      isTeam(entity) ||
      Boolean(entity.metadata.annotations?.[ONCALL_CHANNEL_ANNOTATION]),
    loader: () => import('./OnCallCard').then(m => <m.OnCallCard />),
  },
});

/** The components a group owns, by name, before members and the graph. */
const ownedComponentsCard = EntityCardBlueprint.make({
  name: 'owned-components',
  params: {
    type: 'content',
    filter: { kind: 'group' },
    loader: () =>
      import('./OwnedComponentsCard').then(m => <m.OwnedComponentsCard />),
  },
});

/**
 * A group's relations to other groups and systems only: the catalog graph's
 * own card draws every member and owned entity of a team in one column
 * (40+ nodes, ~2,300 px); those are listed by the cards above it.
 */
const teamRelationsCard = EntityCardBlueprint.make({
  name: 'group-relations',
  params: {
    type: 'content',
    filter: { kind: 'group' },
    loader: () =>
      import('@backstage/plugin-catalog-graph').then(m => (
        <m.EntityCatalogGraphCard
          title="Relations to groups and systems"
          kinds={['Group', 'System', 'Domain']}
          maxDepth={1}
          height={320}
        />
      )),
  },
});

/** The team page: what the team owns and where it is paged come first. */
export const teamModule = createFrontendModule({
  pluginId: 'org',
  extensions: [onCallCard, ownedComponentsCard, teamRelationsCard],
});

/**
 * The catalog graph's relations card everywhere but on groups, which get the
 * bounded card above. Overridden here rather than by config, since an
 * extension named in `app.extensions` moves ahead of every other card.
 */
export const catalogGraphModule = createFrontendModule({
  pluginId: 'catalog-graph',
  extensions: [
    catalogGraphPlugin
      .getExtension('entity-card:catalog-graph/relations')
      .override({
        params: { filter: { $not: { kind: 'group' } } },
      }),
  ],
});
