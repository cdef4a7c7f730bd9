import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { nameError } from '@internal/backstage-plugin-scaffolder-inbestment-common';
import { deriveNames } from '../names';

export function createNamingAction() {
  return createTemplateAction({
    id: 'inbestment:naming',
    description:
      'Validates a component name and derives every resource name from it (ECR, DynamoDB, IAM, secrets, alarms and their topic, WAF paths, Java package, ...).',
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Component name, e.g. loyalty-service'),
        type: z =>
          z
            .enum(['service', 'website'])
            .describe('Catalog spec.type of the component'),
        owner: z =>
          z
            .string()
            .describe('Owner team reference, e.g. group:default/team-commerce'),
      },
      output: {
        names: z =>
          z
            .record(z.string(), z.unknown())
            .describe('Derived names, passed to the skeletons as values.names'),
      },
    },
    async handler(ctx) {
      const { name, type, owner } = ctx.input;
      const error = nameError(name, type);
      if (error) {
        throw new InputError(error);
      }
      ctx.output('names', deriveNames(name, type, owner));
    },
  });
}
