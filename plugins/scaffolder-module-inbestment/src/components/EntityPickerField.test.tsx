import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { entityPickerFieldOptions } from './EntityPickerField';

// The real Stepper on the test machine's two shared cores.
jest.setTimeout(60_000);

const group = (name: string, type: string, displayName?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name,
    namespace: 'default',
    description: `${name} description`,
  },
  spec: { type, children: [], profile: { displayName } },
});

const catalogApi = catalogApiMock({
  entities: [
    group('team-platform', 'team', 'Team Platform'),
    group('team-commerce', 'team', 'Team Commerce'),
    group('auditors', 'role', 'Auditors'),
    group('engineering', 'department', 'Engineering'),
    group('team-discovery', 'team', 'Team Discovery'),
  ],
});

/** The backend-service template's owner field, as the template declares it. */
const manifest = {
  title: 'Backend service',
  steps: [
    {
      title: 'Component',
      schema: {
        required: ['owner'],
        properties: {
          owner: {
            title: 'Owner',
            type: 'string',
            description: 'The team that owns the service.',
            'ui:field': 'InbestmentEntityPicker',
            'ui:options': {
              catalogFilter: { kind: 'Group', 'spec.type': 'team' },
            },
          },
        },
      },
    },
  ],
};

async function renderForm(
  onCreate = jest.fn(),
  initialState?: Record<string, string>,
) {
  await renderInTestApp(
    <Stepper
      manifest={manifest}
      extensions={[entityPickerFieldOptions]}
      onCreate={onCreate}
      initialState={initialState}
    />,
    { apis: [[catalogApiRef, catalogApi]] },
  );
  return onCreate;
}

const ownerBox = () => screen.getByRole('button', { name: /Owner/ });

describe('InbestmentEntityPicker', () => {
  it('lists only the teams, sorted and shown by title', async () => {
    await renderForm();
    expect(
      await screen.findByText('The team that owns the service.'),
    ).toBeInTheDocument();
    await userEvent.click(ownerBox());
    const options = within(await screen.findByRole('listbox')).getAllByRole(
      'option',
    );
    expect(options.map(o => within(o).getByText(/^Team /).textContent)).toEqual(
      ['Team Commerce', 'Team Discovery', 'Team Platform'],
    );
    expect(options[0]).toHaveTextContent('team-commerce description');
  });

  it('shows the picked team by title and hands the template its ref', async () => {
    const onCreate = await renderForm();
    await userEvent.click(ownerBox());
    await userEvent.click(
      await screen.findByRole('option', { name: /Team Discovery/ }),
    );
    expect(ownerBox()).toHaveTextContent(/^Team Discovery$/);
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Create' }),
    );
    expect(onCreate).toHaveBeenCalledWith({
      owner: 'group:default/team-discovery',
    });
  });

  it('clears a pre-filled value the filter does not list, so the form asks again', async () => {
    const onCreate = await renderForm(jest.fn(), {
      owner: 'group:default/auditors',
    });
    await screen.findByText('The team that owns the service.');
    expect(ownerBox()).not.toHaveTextContent('Auditors');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    // still on the step: the required owner is missing
    expect(ownerBox()).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create' })).toBeNull();
    expect(onCreate).not.toHaveBeenCalled();
  });
});
