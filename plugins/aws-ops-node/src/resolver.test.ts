import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { readAwsOpsConfig } from './config';
import { AwsOpsResolver } from './resolver';

const resolver = new AwsOpsResolver(
  readAwsOpsConfig(
    new ConfigReader({
      awsOps: {
        accounts: [
          { accountId: '111122223333', regions: ['eu-west-1', 'us-east-1'] },
          { accountId: '444455556666', regions: ['eu-west-1'] },
        ],
        environments: [
          { name: 'prod', accountId: '111122223333', region: 'eu-west-1' },
          { name: 'staging', accountId: '444455556666', region: 'eu-west-1' },
        ],
      },
    }),
  ),
);

const entity = (annotations: Record<string, string> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-service', annotations },
});

describe('AwsOpsResolver', () => {
  it('uses every environment when the entity names none', () => {
    expect(
      resolver.resolveEnvironments(entity()).environments.map(e => e.name),
    ).toEqual(['prod', 'staging']);
  });

  it('keeps known environments and reports unknown ones', () => {
    const result = resolver.resolveEnvironments(
      entity({ 'aws-ops.io/environments': 'staging, qa' }),
    );
    expect(result.environments.map(e => e.name)).toEqual(['staging']);
    expect(result.errors).toEqual([
      expect.objectContaining({
        scope: { environment: 'qa' },
        name: 'InputError',
      }),
    ]);
  });

  it('refuses accounts and regions outside the allowlist', () => {
    expect(() =>
      resolver.assertAllowed({
        accountId: '999999999999',
        region: 'eu-west-1',
      }),
    ).toThrow(expect.objectContaining({ name: 'NotAllowedError' }));
    expect(() =>
      resolver.assertAllowed({
        accountId: '444455556666',
        region: 'us-east-1',
      }),
    ).toThrow(/Region us-east-1/);
  });

  it('parses ARNs and checks them against the allowlist', () => {
    expect(
      resolver.parseArn('arn:aws:eks:us-east-1:111122223333:cluster/x', 'eks'),
    ).toEqual(
      expect.objectContaining({
        accountId: '111122223333',
        region: 'us-east-1',
        resource: 'cluster/x',
      }),
    );
    expect(() => resolver.parseArn('arn:aws:s3:::bucket', 'eks')).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
    expect(() =>
      resolver.parseArn('arn:aws:eks:eu-west-1:999999999999:cluster/x', 'eks'),
    ).toThrow(expect.objectContaining({ name: 'NotAllowedError' }));
    // Not an ARN, no resource, an account of another shape: never a target.
    for (const arn of [
      'eks:us-east-1:111122223333:cluster/x',
      'arn:aws:eks:us-east-1:111122223333:',
    ]) {
      expect(() => resolver.parseArn(arn, 'eks')).toThrow(
        expect.objectContaining({ name: 'InputError' }),
      );
    }
    expect(() =>
      resolver.parseArn(
        'arn:aws:eks:us-east-1:1111-2222-3333:cluster/x',
        'eks',
      ),
    ).toThrow(expect.objectContaining({ name: 'NotAllowedError' }));
  });
});
