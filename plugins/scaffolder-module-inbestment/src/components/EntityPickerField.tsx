import { useEffect, useState } from 'react';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi, useApiHolder } from '@backstage/frontend-plugin-api';
import {
  catalogApiRef,
  entityPresentationApiRef,
  entityPresentationSnapshot,
} from '@backstage/plugin-catalog-react';
import {
  FieldExtensionComponentProps,
  FieldExtensionUiSchema,
} from '@backstage/plugin-scaffolder-react';

/** `ui:options` of the field: which catalog entities may be picked (the catalog's own filter syntax). */
export interface EntityPickerUiOptions {
  catalogFilter?: Record<string, string | string[]>;
}

/** One choice: the value the template receives and what a person reads. */
export interface EntityChoice {
  ref: string;
  title: string;
  description?: string;
}

type Choices =
  | { state: 'loading' }
  | { state: 'loaded'; choices: EntityChoice[] }
  | { state: 'failed'; message: string };

/** The entities the filter selects, by title (as the rest of the portal names them), in alphabetical order. */
function useChoices(
  uiSchema?: FieldExtensionUiSchema<string, EntityPickerUiOptions>,
) {
  const catalogApi = useApi(catalogApiRef);
  // The app's presentation (as every other page names entities), Backstage's default where none is installed.
  const presentationApi = useApiHolder().get(entityPresentationApiRef);
  const filterKey = JSON.stringify(
    uiSchema?.['ui:options']?.catalogFilter ?? {},
  );
  const [choices, setChoices] = useState<Choices>({ state: 'loading' });

  useEffect(() => {
    let current = true;
    (async () => {
      const { items } = await catalogApi.getEntities({
        filter: JSON.parse(filterKey),
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'metadata.description',
          'spec.type',
          'spec.profile.displayName',
        ],
      });
      const loaded = items.map(entity => ({
        ref: stringifyEntityRef(entity),
        title: entityPresentationSnapshot(entity, undefined, presentationApi)
          .primaryTitle,
        description: entity.metadata.description,
      }));
      loaded.sort((a, b) =>
        a.title.localeCompare(b.title, 'en', { sensitivity: 'base' }),
      );
      if (current) setChoices({ state: 'loaded', choices: loaded });
    })().catch(error => {
      if (current) setChoices({ state: 'failed', message: String(error) });
    });
    return () => {
      current = false;
    };
  }, [catalogApi, presentationApi, filterKey]);
  return choices;
}

/**
 * A drop-down of catalog entities, e.g. the teams that may own a new component: sorted and shown by title, the
 * entity ref kept as the value (what the template and the server check). Only listed entities can be picked; a
 * value from elsewhere (a pre-filled link) that the filter does not select is cleared, so the form asks again.
 */
export function EntityPickerField(
  props: FieldExtensionComponentProps<string, EntityPickerUiOptions>,
) {
  const {
    onChange,
    required,
    schema: { title = 'Entity', description },
    rawErrors = [],
    formData,
    uiSchema,
    idSchema,
  } = props;
  const choices = useChoices(uiSchema);
  const listed =
    choices.state === 'loaded' ? choices.choices : ([] as EntityChoice[]);
  const unlisted =
    choices.state === 'loaded' &&
    formData !== undefined &&
    !listed.some(choice => choice.ref === formData);

  useEffect(() => {
    if (unlisted) onChange(undefined);
  }, [unlisted, onChange]);

  let helperText = description;
  if (choices.state === 'loading') helperText = 'Loading the choices…';
  if (choices.state === 'failed') {
    helperText = `Could not load the choices: ${choices.message}`;
  }

  return (
    <TextField
      id={idSchema?.$id}
      select
      label={title}
      required={required}
      value={unlisted ? '' : formData ?? ''}
      onChange={event => onChange(event.target.value || undefined)}
      margin="normal"
      variant="outlined"
      fullWidth
      error={choices.state === 'failed' || rawErrors.length > 0}
      helperText={helperText}
      FormHelperTextProps={{ style: { marginLeft: 0 } }}
      SelectProps={{
        renderValue: value =>
          listed.find(choice => choice.ref === value)?.title ?? '',
      }}
    >
      {listed.map(choice => (
        <MenuItem key={choice.ref} value={choice.ref}>
          <ListItemText primary={choice.title} secondary={choice.description} />
        </MenuItem>
      ))}
    </TextField>
  );
}

/** What `createFormField` registers; also what the scaffolder's Stepper takes in tests. */
export const entityPickerFieldOptions = {
  name: 'InbestmentEntityPicker',
  component: EntityPickerField,
};
