import {
  BatchGetSecretValueCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import fs from 'node:fs';
import path from 'node:path';
import {
  guardAgainstSecretValueReads,
  SecretValueReadError,
} from './secretValueGuard';

const PLUGINS = path.resolve(__dirname, '../..');
/** The runtime packages (contract and implementation) and the demo's access adapters. */
const RUNTIME = ['access-audit-node/src', 'access-audit-backend/src'];
const DEMO = ['aws-ops-demo/src/access'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)
      ? [file]
      : [];
  });
}

describe('the access-audit backend never reads secret values', () => {
  const runtime = RUNTIME.flatMap(dir => sourceFiles(path.join(PLUGINS, dir)));
  const files = [
    ...runtime,
    ...DEMO.flatMap(dir => sourceFiles(path.join(PLUGINS, dir))),
  ];

  it('has source files to check', () => {
    expect(files.map(f => path.relative(PLUGINS, f))).toEqual(
      expect.arrayContaining([
        'access-audit-node/src/AwsAccessAuditProvider.ts',
        'access-audit-backend/src/service/DefaultAccessAuditService.ts',
        'aws-ops-demo/src/access/seed.ts',
      ]),
    );
  });

  it('sends no value-reading command and calls no value-reading client method', () => {
    const offending = files.flatMap(file => {
      if (file.endsWith(`${path.sep}secretValueGuard.ts`)) return [];
      const text = fs.readFileSync(file, 'utf8');
      return [
        ...text.matchAll(
          /\b(Batch)?GetSecretValue(Command|CommandInput)?\b(?!['"])|\.(batchG|g)etSecretValue\s*\(/g,
        ),
      ].map(m => `${path.relative(PLUGINS, file)}: ${m[0]}`);
    });
    expect(offending).toEqual([]);
  });

  it('imports only metadata commands from the Secrets Manager client at runtime', () => {
    const imported = new Set<string>();
    for (const file of runtime) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        /import\s*{([^}]*)}\s*from\s*'@aws-sdk\/client-secrets-manager'/g,
      )) {
        m[1]
          .split(',')
          .map(name => name.trim())
          .filter(Boolean)
          .forEach(name => imported.add(name));
      }
    }
    expect([...imported].sort()).toEqual([
      'GetResourcePolicyCommand',
      'ListSecretsCommand',
      'SecretsManagerClient',
    ]);
  });

  describe('runtime guard on the shared Secrets Manager client', () => {
    const client = guardAgainstSecretValueReads(
      new SecretsManagerClient({
        region: 'eu-west-1',
        // Nothing listens here: a command that got past the guard fails to connect.
        endpoint: 'http://127.0.0.1:9',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      }),
    );
    // Installing it again (every provider call does) keeps one guard.
    guardAgainstSecretValueReads(client);
    afterAll(() => client.destroy());

    it.each([
      ['GetSecretValueCommand', new GetSecretValueCommand({ SecretId: 'x' })],
      [
        'BatchGetSecretValueCommand',
        new BatchGetSecretValueCommand({ SecretIdList: ['x'] }),
      ],
    ])('refuses %s before sending it', async (name, command) => {
      const error = await client.send(command as any).catch(e => e);
      expect(error).toBeInstanceOf(SecretValueReadError);
      expect(error.name).toBe('NotAllowedError');
      expect(error.message).toBe(
        `${name} is refused: the portal never reads secret values`,
      );
    });

    it('lets metadata commands through', async () => {
      const error = await client.send(new ListSecretsCommand({})).catch(e => e);
      expect(error).not.toBeInstanceOf(SecretValueReadError);
      expect(String(error)).toMatch(/ECONNREFUSED|connect/i);
    });
  });
});
