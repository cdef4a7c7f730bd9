import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  componentNameFieldOptions,
  componentNameValidation,
} from './ComponentNameField';

// Typing into the real Stepper takes seconds on the test machine's two shared cores.
jest.setTimeout(60_000);

const catalogApi = catalogApiMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'cart-service', namespace: 'default' },
      spec: { type: 'service', owner: 'group:default/team-commerce' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'orders-service', namespace: 'default' },
      spec: { type: 'dynamodb-table', owner: 'team-checkout' },
    },
  ] satisfies Entity[],
});

/**
 * The backend-service template's name field and a second step: reaching the second means the name was accepted.
 * The JSON schema rules stop bad names before the field's validation runs, so the message a person sees for
 * those is the field's own.
 */
const manifest = {
  title: 'Backend service',
  steps: [
    {
      title: 'Component',
      schema: {
        required: ['name'],
        properties: {
          name: {
            title: 'Name',
            type: 'string',
            description: 'Lower-case words ending in "-service".',
            pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*-service$',
            minLength: 10,
            maxLength: 32,
            'ui:field': 'InbestmentComponentName',
            // as in the templates: the form's error list above the fields says it once
            'ui:hideError': true,
            'ui:options': { componentType: 'service' },
          },
        },
      },
    },
    {
      title: 'Delivery',
      schema: {
        properties: {
          terraform: { title: 'Generate Terraform', type: 'boolean' },
        },
      },
    },
  ],
};

async function typeNameAndClickNext(name: string) {
  await renderInTestApp(
    <Stepper
      manifest={manifest}
      extensions={[componentNameFieldOptions]}
      onCreate={jest.fn()}
    />,
    { apis: [[catalogApiRef, catalogApi]] },
  );
  const user = userEvent.setup();
  await user.type(screen.getByRole('textbox', { name: /Name/ }), name);
  await user.click(screen.getByRole('button', { name: 'Next' }));
}

const nameBox = () => screen.getByRole('textbox', { name: /Name/ });
const stillOnFirstStep = () => expect(nameBox()).toBeInTheDocument();

describe('InbestmentComponentName', () => {
  it('lets a free, well-formed name through to the next step', async () => {
    await typeNameAndClickNext('loyalty-service');
    expect(
      await screen.findByRole('checkbox', { name: 'Generate Terraform' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: /Name/ })).toBeNull();
  });

  it('shows the description until the name breaks a rule', async () => {
    await renderInTestApp(
      <Stepper
        manifest={manifest}
        extensions={[componentNameFieldOptions]}
        onCreate={jest.fn()}
      />,
      { apis: [[catalogApiRef, catalogApi]] },
    );
    expect(nameBox()).toHaveAccessibleDescription(
      'Lower-case words ending in "-service".',
    );
    await userEvent.type(nameBox(), 'Loyalty');
    expect(nameBox()).toHaveAccessibleDescription(
      expect.stringContaining('must be lower case'),
    );
  });

  it.each([
    [
      'a component',
      'cart-service',
      '"cart-service" already exists in the catalog (component:default/cart-service), owned by team-commerce; choose another name.',
    ],
    [
      'a resource',
      'orders-service',
      '"orders-service" already exists in the catalog (resource:default/orders-service), owned by team-checkout; choose another name.',
    ],
  ])(
    'refuses a name %s already uses, saying who owns it, once',
    async (_kind, name, message) => {
      await typeNameAndClickNext(name);
      expect(
        await screen.findAllByText(message, { exact: false }),
      ).toHaveLength(1);
      expect(nameBox()).toHaveAttribute('aria-invalid', 'true');
      stillOnFirstStep();
    },
  );

  it.each([
    [
      'a path traversal',
      '../x-service',
      'must not contain path separators or ".."',
    ],
    [
      'a shell metacharacter',
      'a;b-service',
      'must not contain spaces or shell characters',
    ],
    ['upper case', 'Upper-service', 'must be lower case'],
    [
      'a name too long',
      `${'x'.repeat(30)}-service`,
      'is 38 characters long; use at most 32',
    ],
    ['a missing suffix', 'loyalty', 'must end in "-service" after a word'],
  ])('explains %s and stays on the step', async (_label, name, problem) => {
    await typeNameAndClickNext(name);
    expect(nameBox()).toHaveAccessibleDescription(
      expect.stringContaining(`Component name "${name}" `),
    );
    expect(nameBox()).toHaveAccessibleDescription(
      expect.stringContaining(problem),
    );
    stillOnFirstStep();
  });

  it('holds micro-frontends to their own suffix', async () => {
    await renderInTestApp(
      <Stepper
        manifest={{
          ...manifest,
          steps: [
            {
              ...manifest.steps[0],
              schema: {
                ...manifest.steps[0].schema,
                properties: {
                  name: {
                    ...manifest.steps[0].schema.properties!.name,
                    'ui:options': { componentType: 'website' },
                  },
                },
              },
            },
          ],
        }}
        extensions={[componentNameFieldOptions]}
        onCreate={jest.fn()}
      />,
      { apis: [[catalogApiRef, catalogApi]] },
    );
    await userEvent.type(nameBox(), 'wishlist-service');
    expect(nameBox()).toHaveAccessibleDescription(
      expect.stringContaining('must end in "-mfe"'),
    );
  });

  it('applies the rules itself on Next when a template has no pattern', async () => {
    const errors: string[] = [];
    await componentNameValidation(
      'a;b-service',
      { addError: (message: string) => errors.push(message) } as any,
      {
        apiHolder: { get: () => catalogApi } as any,
        formData: {},
        schema: {},
        uiSchema: { 'ui:options': { componentType: 'service' } },
      },
    );
    expect(errors).toEqual([
      'Component name "a;b-service" must not contain spaces or shell characters; must be lower-case letters and digits in words joined by single hyphens, starting with a letter.',
    ]);
  });
});
