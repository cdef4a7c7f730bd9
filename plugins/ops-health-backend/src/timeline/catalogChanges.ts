import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ScaffolderService } from '@backstage/plugin-scaffolder-node';
import { TimelineEvent } from '@internal/backstage-plugin-ops-health-common';
import { catalogEvent } from './events';

/** Tasks per listTasks page, and the pages read per request at most. */
const PAGE_SIZE = 100;
const MAX_PAGES = 5;

/**
 * The catalog changes of the components: the scaffolder tasks (template runs)
 * that named one of them, newest first, read with the viewer's own
 * credentials, so the scaffolder's `scaffolder.task.read` policy decides
 * which runs a viewer sees (the portal's: their own; platform admins: all).
 * The catalog keeps no history of an entity, so template runs are what is
 * known of its changes. A task names a component when its parameters do: a
 * `component` entity ref (pipeline and Terraform templates) or the `name` of
 * a component it created (service and micro-frontend templates).
 */
export async function readCatalogChanges(options: {
  scaffolder: ScaffolderService;
  credentials: BackstageCredentials;
  components: Entity[];
  range: { start: number; end: number };
}): Promise<TimelineEvent[]> {
  const { scaffolder, credentials, components, range } = options;
  const byRef = new Map(components.map(e => [stringifyEntityRef(e), e]));
  const byName = new Map(
    components.map(e => [e.metadata.name, stringifyEntityRef(e)]),
  );
  const events: TimelineEvent[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const { items } = await scaffolder.listTasks(
      { limit: PAGE_SIZE, offset: page * PAGE_SIZE },
      { credentials },
    );
    for (const task of items) {
      const at = Date.parse(task.createdAt);
      if (at < range.start || at > range.end) continue;
      const named = namedComponent(task.spec.parameters ?? {}, byRef, byName);
      if (!named) continue;
      const template = task.spec.templateInfo;
      events.push(
        catalogEvent(
          named,
          {
            taskId: task.id,
            templateRef: template?.entityRef ?? 'unknown template',
            templateTitle: template?.entity?.metadata?.title,
            createdBy: task.spec.user?.ref,
            status: task.status,
          },
          new Date(at).toISOString(),
        ),
      );
    }
    // Newest first: a page that reaches past the range, or a short page, is the last one needed.
    const oldest = items[items.length - 1];
    if (
      items.length < PAGE_SIZE ||
      (oldest && Date.parse(oldest.createdAt) < range.start)
    ) {
      break;
    }
  }
  return events;
}

/** The component a task's parameters name: a `component` ref, else the `name` of the one it created. */
function namedComponent(
  parameters: Record<string, unknown>,
  byRef: Map<string, Entity>,
  byName: Map<string, string>,
): string | undefined {
  const { component, name } = parameters;
  if (typeof component === 'string' && byRef.has(component)) return component;
  return typeof name === 'string' ? byName.get(name) : undefined;
}
