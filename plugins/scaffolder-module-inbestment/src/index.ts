/**
 * Scaffolder form fields of the inbestment software templates.
 *
 * @packageDocumentation
 */
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';

/** `ui:field: InbestmentComponentName`: a new component's name, checked against the naming rules and the catalog. */
export const inbestmentComponentNameFormField = FormFieldBlueprint.make({
  name: 'inbestment-component-name',
  params: {
    field: () =>
      import('./components/ComponentNameField').then(m =>
        createFormField(m.componentNameFieldOptions),
      ),
  },
});

/** `ui:field: InbestmentEntityPicker`: catalog entities (e.g. the owning team) sorted and shown by title. */
export const inbestmentEntityPickerFormField = FormFieldBlueprint.make({
  name: 'inbestment-entity-picker',
  params: {
    field: () =>
      import('./components/EntityPickerField').then(m =>
        createFormField(m.entityPickerFieldOptions),
      ),
  },
});

export default createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [
    inbestmentComponentNameFormField,
    inbestmentEntityPickerFormField,
  ],
});
