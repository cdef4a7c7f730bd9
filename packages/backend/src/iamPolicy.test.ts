import fs from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');
const policy = JSON.parse(
  fs.readFileSync(path.join(REPO, 'docs/deployment-iam-policy.json'), 'utf8'),
);

/** IAM service prefix of each AWS SDK v3 client package. */
const IAM_PREFIX: Record<string, string> = {
  'client-eks': 'eks',
  'client-cloudwatch': 'cloudwatch',
  'client-cloudwatch-logs': 'logs',
  'client-secrets-manager': 'secretsmanager',
  'client-iam': 'iam',
  'client-kms': 'kms',
  'client-wafv2': 'wafv2',
  'client-cloudfront': 'cloudfront',
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'testUtils' || entry.name === 'node_modules'
        ? []
        : sourceFiles(full);
    }
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)
      ? [full]
      : [];
  });
}

/** `eks:DescribeCluster`, ... for every command or paginator the plugins' runtime code imports. */
function actionsThePortalCalls(): Map<string, string> {
  const actions = new Map<string, string>();
  const imports = /import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/(client-[a-z-]+)'/g;
  for (const plugin of fs.readdirSync(path.join(REPO, 'plugins'))) {
    const src = path.join(REPO, 'plugins', plugin, 'src');
    if (!fs.existsSync(src)) continue;
    // The demo package's seeders write the scenario into the emulator for
    // tests and benchmarks; the portal itself never runs them.
    const portalFiles = sourceFiles(src).filter(
      file => !(plugin === 'aws-ops-demo' && path.basename(file) === 'seed.ts'),
    );
    for (const file of portalFiles) {
      const text = fs.readFileSync(file, 'utf8');
      for (const [, names, client] of text.matchAll(imports)) {
        const prefix = IAM_PREFIX[client];
        // A client missing from the table would be left out of the check.
        if (!prefix)
          throw new Error(`${file}: add @aws-sdk/${client} to IAM_PREFIX`);
        for (const name of names.split(',').map(n => n.trim())) {
          const operation =
            /^(\w+)Command$/.exec(name)?.[1] ??
            /^paginate(\w+)$/.exec(name)?.[1];
          if (operation) {
            actions.set(`${prefix}:${operation}`, path.relative(REPO, file));
          }
        }
      }
    }
  }
  return actions;
}

function statementsWith(effect: 'Allow' | 'Deny', action: string) {
  return policy.Statement.filter(
    (s: any) =>
      s.Effect === effect &&
      [s.Action]
        .flat()
        .some((pattern: string) =>
          new RegExp(
            `^${pattern
              .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
              .replace(/\*/g, '.*')}$`,
          ).test(action),
        ),
  );
}

describe('docs/deployment-iam-policy.json, the portal role policy', () => {
  it('allows every AWS call the plugins make, and only reads', () => {
    const calls = actionsThePortalCalls();
    expect(calls.size).toBeGreaterThan(8);
    for (const [action, file] of calls) {
      expect({
        action,
        file,
        allowed: statementsWith('Allow', action).length > 0,
      }).toEqual({
        action,
        file,
        allowed: true,
      });
      // Logs Insights' StartQuery/StopQuery are "Read" actions in the IAM
      // service authorization reference; they run queries over the logs.
      expect(action).toMatch(
        /:(Describe|List|Get|Filter)|^logs:(StartQuery|StopQuery)$/,
      );
    }
  });

  it('denies reading secret values explicitly, whatever else allows', () => {
    for (const action of [
      'secretsmanager:GetSecretValue',
      'secretsmanager:BatchGetSecretValue',
    ]) {
      expect(statementsWith('Deny', action)).toHaveLength(1);
      expect(actionsThePortalCalls().has(action)).toBe(false);
    }
  });
});
