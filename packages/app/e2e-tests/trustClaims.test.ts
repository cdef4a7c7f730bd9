import fs from 'node:fs';
import path from 'node:path';
import { APIRequestContext, test, expect } from '@playwright/test';
import { BACKEND, bearer, tokenOf } from './backendApi';

/**
 * Issue 10, finding 2, against the running backend: a developer plants a
 * component of their own team that names identity-service's AWS resources.
 * It must give them none of identity-service's secrets, IRSA role, findings,
 * deployments or alarms, on any AWS route, and leave the auditors' findings
 * as they were.
 */
// The e2e config's inbestment.scaffolder.localPublishDir, relative to packages/backend:
// repositories there are registered by the catalog, outside the store's reviewed files.
const PUBLISH_DIR = path.resolve(
  __dirname,
  '../../../data/e2e/generated-repos',
);
const IDENTITY_CATALOG_FILE = path.resolve(
  __dirname,
  '../../../store-services/identity-service/catalog-info.yaml',
);

const stamp = Date.now().toString(36);
/** Claims identity-service's resources by annotation, and forges its origin. */
const PLANTED = `planted-${stamp}-service`;
/** Named like identity-service in another namespace: claims them by default. */
const NAMESAKE_NAMESPACE = `planted-${stamp}`;
const REPO = path.join(PUBLISH_DIR, PLANTED);
const PLANTED_REFS = [
  `component:default/${PLANTED}`,
  `component:${NAMESAKE_NAMESPACE}/identity-service`,
];
const CLAIMED_ANNOTATIONS = [
  'aws-ops.io/secrets-prefix',
  'aws-ops.io/iam-role',
  'backstage.io/kubernetes-id',
  'aws-ops.io/alarm-prefix',
];

const catalogInfo = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${PLANTED}
  annotations:
    backstage.io/managed-by-origin-location: file:${IDENTITY_CATALOG_FILE}
    backstage.io/kubernetes-id: identity-service
    aws-ops.io/alarm-prefix: identity-service
    aws-ops.io/secrets-prefix: inbestment/identity-service/
    aws-ops.io/iam-role: inbestment-identity-service
spec:
  type: service
  lifecycle: experimental
  owner: team-commerce
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: identity-service
  namespace: ${NAMESAKE_NAMESPACE}
spec:
  type: service
  lifecycle: experimental
  owner: team-commerce
`;

/** The AWS routes of an entity, by what they show. */
const awsRoutes = (ref: string) => {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const entity = `entities/${kind}/${namespace}/${name}`;
  return {
    deployments: `${BACKEND}/api/eks/${entity}/deployments`,
    alarms: `${BACKEND}/api/cloudwatch/${entity}/alarms`,
    waf: `${BACKEND}/api/waf/${entity}/events`,
    secrets: `${BACKEND}/api/access-audit/${entity}/secrets`,
  };
};

/** The store-wide findings, one line each, sorted. */
async function findingLines(request: APIRequestContext, token: string) {
  const res = await request.get(`${BACKEND}/api/access-audit/findings`, {
    headers: bearer(token),
  });
  expect(res.status(), await res.text()).toBe(200);
  const body = await res.json();
  return {
    components: body.components as number,
    lines: (body.findings as any[])
      .map(f =>
        [f.entityRef, f.severity, f.type, f.secretName, f.roleArn].join(' '),
      )
      .sort(),
  };
}

let findingsBefore: Awaited<ReturnType<typeof findingLines>>;

test.beforeAll(async ({ request }) => {
  test.setTimeout(240_000);
  findingsBefore = await findingLines(
    request,
    await tokenOf(request, 'demo-auditor'),
  );
  fs.mkdirSync(REPO, { recursive: true });
  fs.writeFileSync(path.join(REPO, 'catalog-info.yaml'), catalogInfo);
  // Wait until the catalog has processed both: served, or refused with errors.
  const admin = await tokenOf(request, 'demo-admin');
  for (const ref of PLANTED_REFS) {
    await expect(async () => {
      const served = await request.get(
        `${BACKEND}/api/catalog/entities/by-name/${ref.replace(':', '/')}`,
        { headers: bearer(admin) },
      );
      const { messages } = await processingErrors(request, admin, ref);
      expect({ ref, processed: served.ok() || messages.length > 0 }).toEqual({
        ref,
        processed: true,
      });
    }).toPass({ timeout: 180_000 });
  }
});

// The catalog drops the repository's entities on its next scan.
test.afterAll(() => fs.rmSync(REPO, { recursive: true, force: true }));

/** Processing errors of an entity that never made it into the catalog. */
async function processingErrors(
  request: APIRequestContext,
  token: string,
  entityRef: string,
): Promise<{ messages: string[]; entity?: any }> {
  for (const state of ['failed', 'pending']) {
    const { entities } = await (
      await request.get(
        `${BACKEND}/api/catalog/entities/unprocessed/${state}`,
        {
          headers: bearer(token),
        },
      )
    ).json();
    // Pending rows carry no entity_ref: compare the entity's own.
    const found = entities.find(
      (e: any) =>
        `${e.unprocessed_entity.kind}:${
          e.unprocessed_entity.metadata.namespace ?? 'default'
        }/${e.unprocessed_entity.metadata.name}`.toLowerCase() === entityRef,
    );
    if (found?.errors?.length) {
      return {
        messages: found.errors.map((e: any) => e.message),
        entity: found.unprocessed_entity,
      };
    }
  }
  return { messages: [] };
}

test('the catalog refuses both planted entities with an error naming the entity and each claimed annotation', async ({
  request,
}) => {
  const admin = await tokenOf(request, 'demo-admin');
  const [planted, namesake] = PLANTED_REFS;

  const plantedErrors = await processingErrors(request, admin, planted);
  const served = await request.get(
    `${BACKEND}/api/catalog/entities/by-name/component/default/${PLANTED}`,
    { headers: bearer(admin) },
  );
  const entity =
    plantedErrors.entity ?? (served.ok() ? await served.json() : undefined);
  // The YAML's own origin annotation was overwritten by the catalog: the
  // entity comes from the publish dir, not from the store's reviewed files.
  expect(
    entity?.metadata.annotations['backstage.io/managed-by-origin-location'],
  ).toBe(`file:${path.join(REPO, 'catalog-info.yaml')}`);
  const text = plantedErrors.messages.join('\n');
  expect(text).toContain(planted);
  for (const annotation of CLAIMED_ANNOTATIONS) {
    expect(text).toContain(annotation);
  }

  const namesakeErrors = await processingErrors(request, admin, namesake);
  // Its claims are identity-service's by default: the error names both.
  expect(namesakeErrors.messages.join('\n')).toMatch(
    new RegExp(`${namesake}[^]*component:default/identity-service`),
  );

  for (const ref of PLANTED_REFS) {
    const [kind, rest] = ref.split(':');
    const res = await request.get(
      `${BACKEND}/api/catalog/entities/by-name/${kind}/${rest}`,
      { headers: bearer(admin) },
    );
    expect({ ref, status: res.status() }).toEqual({ ref, status: 404 });
  }
});

test("the developer gets none of identity-service's resources through any AWS route", async ({
  request,
}) => {
  const developer = await tokenOf(request, 'guest');
  // identity-service itself is team-identity's: denied to the developer.
  for (const [what, url] of Object.entries(
    awsRoutes('component:default/identity-service'),
  )) {
    const res = await request.get(url, { headers: bearer(developer) });
    expect({ what, status: res.status() }).toEqual({ what, status: 403 });
  }
  // Not in the catalog, so not the developer's team's either: denied before any read.
  for (const ref of PLANTED_REFS) {
    for (const [what, url] of Object.entries(awsRoutes(ref))) {
      const res = await request.get(url, { headers: bearer(developer) });
      const body = await res.text();
      expect({ ref, what, status: res.status() }).toEqual({
        ref,
        what,
        status: 403,
      });
      expect(body).not.toContain('inbestment/identity-service/');
      expect(body).not.toMatch(/"name":"identity-service-/);
    }
  }
  const overview = await request.get(`${BACKEND}/api/ops-health/components`, {
    headers: bearer(developer),
  });
  expect(overview.status()).toBe(200);
  const refs = (await overview.json()).components.map((c: any) => c.entityRef);
  for (const ref of PLANTED_REFS) expect(refs).not.toContain(ref);
});

test("the auditors' store-wide findings and export are unchanged", async ({
  request,
}) => {
  const auditor = await tokenOf(request, 'demo-auditor');
  expect(await findingLines(request, auditor)).toEqual(findingsBefore);
  const csv = await request.get(
    `${BACKEND}/api/access-audit/findings?format=csv`,
    { headers: bearer(auditor) },
  );
  expect(csv.status()).toBe(200);
  const text = await csv.text();
  expect(text).not.toContain(PLANTED);
  expect(text).not.toContain(NAMESAKE_NAMESPACE);
});
