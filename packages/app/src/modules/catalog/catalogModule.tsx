import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import catalogPlugin, {
  CatalogIndexPage,
} from '@backstage/plugin-catalog/alpha';
import { CatalogFilterBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { catalogColumns } from './catalogColumns';

/**
 * The catalog page as Backstage builds it, with our columns: its new-frontend
 * extension has no column option, so this override renders the same page
 * (`CatalogIndexPage`) with the same filters, pagination and export settings
 * and passes `columns`. Exporters from `catalog-export-config` extensions are
 * not merged in (the app has none; the built-in CSV/JSON export still works).
 */
const catalogPage = catalogPlugin.getExtension('page:catalog').override({
  factory(originalFactory, { inputs, config }) {
    const filters = inputs.filters.map(filter =>
      filter.get(coreExtensionData.reactElement),
    );
    return originalFactory({
      params: {
        loader: async () => (
          <CatalogIndexPage
            filters={<>{filters}</>}
            columns={catalogColumns}
            pagination={config.pagination}
            exportSettings={
              config.exportSettings?.enabled ? config.exportSettings : undefined
            }
          />
        ),
      },
    });
  },
});

/** Filter by system (after owner, see `app.extensions`). */
const systemFilter = CatalogFilterBlueprint.make({
  name: 'system',
  params: {
    loader: () => import('./SystemPicker').then(m => <m.EntitySystemPicker />),
  },
});

export const catalogModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [catalogPage, systemFilter],
});
