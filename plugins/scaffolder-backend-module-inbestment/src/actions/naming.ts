import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { deriveNames, nameProblems } from '../names';

export function createNamingAction() {
  return createTemplateAction({
    id: 'inbestment:naming',
    description:
      'Validates a component name and derives every resource name from it (ECR, DynamoDB, IAM, secrets, alarms, WAF paths, Java package, ...).',
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Component name, e.g. loyalty-service'),
        type: z =>
          z
            .enum(['service', 'website'])
            .describe('Catalog spec.type of the component'),
      },
      output: {
        names: z =>
          z
            .record(z.string(), z.unknown())
            .describe('Derived names, passed to the skeletons as values.names'),
      },
    },
    async handler(ctx) {
      const { name, type } = ctx.input;
      const problems = nameProblems(name, type);
      if (problems.length > 0) {
        throw new InputError(
          `Component name "${name}" ${problems.join('; ')}.`,
        );
      }
      ctx.output('names', deriveNames(name, type));
    },
  });
}
