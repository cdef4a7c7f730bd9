import TextField from '@material-ui/core/TextField';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
  FieldExtensionUiSchema,
} from '@backstage/plugin-scaffolder-react';
import {
  ComponentType,
  nameError,
  nameTakenError,
} from '@internal/backstage-plugin-scaffolder-inbestment-common';

/** `ui:options` of the field: which suffix and rules apply. */
export interface ComponentNameUiOptions {
  componentType?: ComponentType;
}

type UiSchema = FieldExtensionUiSchema<string, ComponentNameUiOptions>;

const componentTypeOf = (uiSchema?: UiSchema): ComponentType =>
  uiSchema?.['ui:options']?.componentType === 'website' ? 'website' : 'service';

/**
 * A text box that explains a bad name while it is typed, with the same rules the server applies, in place of the
 * description (custom fields render their own). Errors found on Next (the catalog check) are shown by the form's
 * field template like any other field's.
 */
export function ComponentNameField(
  props: FieldExtensionComponentProps<string, ComponentNameUiOptions>,
) {
  const {
    onChange,
    required,
    schema: { title = 'Name', description },
    rawErrors = [],
    formData,
    uiSchema,
    idSchema,
    placeholder,
  } = props;
  const liveError = formData
    ? nameError(formData, componentTypeOf(uiSchema))
    : undefined;
  return (
    <TextField
      id={idSchema?.$id}
      label={title}
      placeholder={placeholder}
      required={required}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value)}
      margin="normal"
      error={liveError !== undefined || rawErrors.length > 0}
      helperText={liveError ?? description}
      inputProps={{ autoFocus: uiSchema?.['ui:autofocus'] }}
      FormHelperTextProps={{ style: { marginLeft: 0 } }}
    />
  );
}

/** Runs on Next: the naming rules, then the catalog; either failure keeps the form on this step. */
export const componentNameValidation: CustomFieldValidator<
  string,
  ComponentNameUiOptions
> = async (value, validation, { apiHolder, uiSchema }) => {
  const ruleError = nameError(value ?? '', componentTypeOf(uiSchema));
  if (ruleError) {
    validation.addError(ruleError);
    return;
  }
  const catalogApi = apiHolder.get(catalogApiRef);
  if (!catalogApi) {
    throw new Error('The catalog is not available to check the name.');
  }
  const taken = await nameTakenError(value, request =>
    catalogApi.getEntities(request),
  );
  if (taken) {
    validation.addError(taken);
  }
};

/** What `createFormField` registers; also what the scaffolder's Stepper takes in tests. */
export const componentNameFieldOptions = {
  name: 'InbestmentComponentName',
  component: ComponentNameField,
  validation: componentNameValidation,
};
