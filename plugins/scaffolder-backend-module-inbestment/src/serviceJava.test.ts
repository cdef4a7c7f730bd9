import path from 'node:path';
import { spawnSync } from 'node:child_process';
import fs from 'fs-extra';
import { parse as parseYaml } from 'yaml';
import {
  DryRunResult,
  GOLDEN_DIR,
  dryRun,
  startScaffolder,
} from './__testUtils__/harness';
import { text, yamlDocs } from './__testUtils__/checks';

// The Java/Spring side of every generated service: each .java file parses with a real Java parser (java-parser, the
// parser of prettier-java), and the parsed sources and the generated configuration keep the service's behaviour: the
// Prometheus registry behind /actuator/prometheus, a 400 (not 500) for an invalid path id, probes that judge the pod
// only, and a graceful shutdown that fits the pod's grace period. The dry-run harness renders the current templates
// (the golden trees only hold the inputs here).
jest.setTimeout(120_000);

type Case = { name: string; values: Record<string, unknown> };
const CASES: Case[] = fs
  .readdirSync(path.join(GOLDEN_DIR, 'backend-service'))
  .map(name => ({
    name,
    values: fs.readJsonSync(
      path.join(GOLDEN_DIR, 'backend-service', name, 'input.json'),
    ),
  }));

/** A Java syntax tree node as java-parser's CST has it, children in source order; tokens carry their image. */
type JavaNode = {
  name: string;
  start: number;
  end: number;
  image?: string;
  children: JavaNode[];
};
type ParsedJava = {
  file: string;
  source: string;
  tree?: JavaNode;
  error?: string;
};

/**
 * Parses Java sources with java-parser. The package (like its parser library, chevrotain) is ESM with import-only
 * exports, which this CommonJS test run cannot resolve, so a Node child process parses and answers each file's
 * tree (plain JSON, children in source order) or its syntax error.
 */
function parseJava(sources: { file: string; source: string }[]): ParsedJava[] {
  const script = `
    import { readFileSync } from 'node:fs';
    import { parse } from 'java-parser';
    const plain = node => {
      if (node.image !== undefined) {
        return { name: node.tokenType.name, image: node.image, start: node.startOffset, end: node.endOffset, children: [] };
      }
      const children = Object.values(node.children).flat().map(plain).sort((a, b) => a.start - b.start);
      return { name: node.name, start: node.location.startOffset, end: node.location.endOffset, children };
    };
    const answers = JSON.parse(readFileSync(0, 'utf8')).map(source => {
      try {
        return { tree: plain(parse(source)) };
      } catch (error) {
        return { error: String(error.message ?? error) };
      }
    });
    console.log(JSON.stringify(answers));
  `;
  const run = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', script],
    {
      cwd: __dirname,
      input: JSON.stringify(sources.map(s => s.source)),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  if (run.status !== 0) {
    throw new Error(
      `java-parser failed to run (is the plugin's dev dependency java-parser installed? run npm ci): ${run.stderr}`,
    );
  }
  const answers: { tree?: JavaNode; error?: string }[] = JSON.parse(run.stdout);
  return sources.map((s, i) => ({ ...s, ...answers[i] }));
}

const childrenNamed = (node: JavaNode, name: string) =>
  node.children.filter(child => child.name === name);

function descendants(node: JavaNode, name: string): JavaNode[] {
  return node.children.flatMap(child => [
    ...(child.name === name ? [child] : []),
    ...descendants(child, name),
  ]);
}

const sourceOf = (java: ParsedJava, node: JavaNode) =>
  java.source.slice(node.start, node.end + 1);

/** `@Name(...)` → `Name` (a qualified name keeps its last part). */
const annotationName = (java: ParsedJava, annotation: JavaNode) =>
  sourceOf(java, childrenNamed(annotation, 'typeName')[0]).split('.').pop()!;

const annotationsIn = (java: ParsedJava, modifiers: JavaNode[]) =>
  modifiers
    .flatMap(modifier => childrenNamed(modifier, 'annotation'))
    .map(annotation => ({
      name: annotationName(java, annotation),
      text: sourceOf(java, annotation),
    }));

type JavaClass = {
  name: string;
  annotations: { name: string; text: string }[];
  implements: string;
  node: JavaNode;
};

/** Top-level and nested class declarations with their own (class-level) annotations. */
const classesOf = (java: ParsedJava): JavaClass[] =>
  descendants(java.tree!, 'classDeclaration').flatMap(declaration =>
    childrenNamed(declaration, 'normalClassDeclaration').map(normal => ({
      name: sourceOf(java, childrenNamed(normal, 'typeIdentifier')[0]),
      annotations: annotationsIn(
        java,
        childrenNamed(declaration, 'classModifier'),
      ),
      implements: childrenNamed(normal, 'classImplements')
        .map(node => sourceOf(java, node))
        .join(' '),
      node: normal,
    })),
  );

/** The methods of a class (not of its nested classes) with their annotations and parameters. */
const methodsOf = (java: ParsedJava, cls: JavaClass) =>
  childrenNamed(cls.node, 'classBody')
    .flatMap(body => childrenNamed(body, 'classBodyDeclaration'))
    .flatMap(declaration =>
      childrenNamed(declaration, 'classMemberDeclaration'),
    )
    .flatMap(member => childrenNamed(member, 'methodDeclaration'))
    .map(method => ({
      name: sourceOf(
        java,
        descendants(method, 'methodDeclarator')[0].children[0],
      ),
      annotations: annotationsIn(java, childrenNamed(method, 'methodModifier')),
      parameters: descendants(method, 'variableParaRegularParameter').map(
        parameter => ({
          name: sourceOf(
            java,
            childrenNamed(parameter, 'variableDeclaratorId')[0],
          ),
          annotations: annotationsIn(
            java,
            childrenNamed(parameter, 'variableModifier'),
          ),
        }),
      ),
    }));

/** String constants of a class (`static final String NAME = "...";`), for annotation values that name one. */
function stringConstantsOf(java: ParsedJava, cls: JavaClass) {
  const constants = new Map<string, string>();
  for (const field of descendants(cls.node, 'fieldDeclaration')) {
    for (const declarator of descendants(field, 'variableDeclarator')) {
      const literal = descendants(declarator, 'StringLiteral')[0];
      const id = childrenNamed(declarator, 'variableDeclaratorId')[0];
      if (literal && id) {
        constants.set(sourceOf(java, id), JSON.parse(literal.image!));
      }
    }
  }
  return constants;
}

/** The value of `regexp = ...` in a @Pattern annotation: a string literal or a constant of the class. */
function patternRegexp(
  annotationText: string,
  constants: Map<string, string>,
): string | undefined {
  const value = annotationText.match(
    /regexp\s*=\s*("(?:[^"\\]|\\.)*"|\w+)/,
  )?.[1];
  if (!value) return undefined;
  return value.startsWith('"') ? JSON.parse(value) : constants.get(value);
}

/** Spring Boot duration property values as the template would write them: `30s`, `500ms`, `1m` or ISO `PT30S`. */
function durationSeconds(value: unknown): number {
  const simple = String(value).match(/^(\d+)(ms|s|m)$/);
  if (simple) {
    return Number(simple[1]) * { ms: 0.001, s: 1, m: 60 }[simple[2]]!;
  }
  const iso = String(value).match(/^PT(\d+)S$/i);
  if (iso) return Number(iso[1]);
  throw new Error(`not a duration this test reads: ${value}`);
}

/** `a,b` or a YAML list → names. */
const memberList = (value: unknown): string[] =>
  (Array.isArray(value) ? value : String(value ?? '').split(','))
    .map(member => String(member).trim())
    .filter(Boolean);

type Dependency = {
  groupId?: string;
  artifactId?: string;
  version?: string;
  scope?: string;
};

/** The <dependency> entries of a pom (the generated pom is plain, so tags are read without an XML library). */
function pomDependencies(
  pom: string,
  section: 'dependencies' | 'dependencyManagement',
) {
  const withoutManagement = pom.replace(
    /<dependencyManagement>[\s\S]*?<\/dependencyManagement>/,
    '',
  );
  const scope =
    section === 'dependencyManagement'
      ? pom.match(
          /<dependencyManagement>[\s\S]*?<\/dependencyManagement>/,
        )?.[0] ?? ''
      : withoutManagement;
  return [...scope.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)].map(
    ([, body]) => {
      const tag = (name: string) =>
        body.match(new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`))?.[1];
      return {
        groupId: tag('groupId'),
        artifactId: tag('artifactId'),
        version: tag('version'),
        scope: tag('scope'),
      } as Dependency;
    },
  );
}

const results = new Map<string, DryRunResult>();
const parsed = new Map<string, ParsedJava[]>();
const timings: string[] = [];

beforeAll(async () => {
  const scaffolder = await startScaffolder();
  try {
    for (const c of CASES) {
      const started = Date.now();
      const result = await dryRun(
        scaffolder.server,
        'backend-service',
        c.values,
      );
      if (result.status !== 200) {
        throw new Error(
          `${c.name}: dry-run answered ${result.status}: ${JSON.stringify(
            result.body,
          ).slice(0, 2000)}`,
        );
      }
      results.set(c.name, result);
      const dryRunDone = Date.now();
      parsed.set(
        c.name,
        parseJava(
          [...result.files.keys()]
            .filter(file => file.endsWith('.java'))
            .sort()
            .map(file => ({ file, source: text(result.files, file) })),
        ),
      );
      timings.push(
        `${c.name}: dry-run ${dryRunDone - started} ms, java-parser ${
          Date.now() - dryRunDone
        } ms`,
      );
    }
  } finally {
    await scaffolder.stop();
  }
}, 240_000);

afterAll(() => {
  process.stdout.write(`Timings:\n  ${timings.join('\n  ')}\n`);
});

const javaFile = (c: Case, suffix: string) => {
  const found = parsed.get(c.name)!.find(java => java.file.endsWith(suffix));
  if (!found) throw new Error(`${c.name}: no ${suffix} was generated`);
  if (!found.tree) throw new Error(`${found.file}: ${found.error}`);
  return found;
};

const applicationYml = (c: Case) =>
  yamlDocs(
    text(results.get(c.name)!.files, 'src/main/resources/application.yml'),
    'application.yml',
  )[0];

describe.each(CASES.map(c => [c.name, c] as const))('service %s', (_, c) => {
  it('every generated .java file parses with java-parser', () => {
    const javas = parsed.get(c.name)!;
    expect(javas.map(java => path.posix.basename(java.file))).toEqual(
      expect.arrayContaining([
        'Application.java',
        'RecordController.java',
        'DynamoDbHealthIndicator.java',
        'RecordControllerTest.java',
      ]),
    );
    expect(
      javas
        .filter(java => java.error)
        .map(java => `${java.file}: ${java.error}`),
    ).toEqual([]);
  });

  it('declares each class in the package its path names', () => {
    // A file that does not parse is reported by the test above.
    for (const java of parsed
      .get(c.name)!
      .filter(parsedJava => parsedJava.tree)) {
      const declared = descendants(java.tree!, 'packageDeclaration')[0];
      const packageName = sourceOf(java, declared)
        .replace(/^package\s+/, '')
        .replace(/\s*;$/, '');
      expect(`${java.file}: ${packageName.replace(/\./g, '/')}`).toBe(
        `${java.file}: ${path.posix
          .dirname(java.file)
          .replace(/^src\/(main|test)\/java\//, '')}`,
      );
    }
  });

  it('has the Prometheus registry that /actuator/prometheus needs, its version from the Spring Boot BOM', () => {
    const exposed = memberList(
      applicationYml(c).management?.endpoints?.web?.exposure?.include,
    );
    expect(exposed).toContain('prometheus');
    const registry = pomDependencies(
      text(results.get(c.name)!.files, 'pom.xml'),
      'dependencies',
    ).find(
      dependency =>
        dependency.groupId === 'io.micrometer' &&
        dependency.artifactId === 'micrometer-registry-prometheus',
    );
    expect(registry).toEqual({
      groupId: 'io.micrometer',
      artifactId: 'micrometer-registry-prometheus',
    });
  });

  it('builds on Spring Boot 4.0, Java 21 and the AWS SDK for Java 2.x', () => {
    const pom = text(results.get(c.name)!.files, 'pom.xml');
    const parent = pom.match(/<parent>([\s\S]*?)<\/parent>/)?.[1] ?? '';
    expect(parent).toMatch(
      /<artifactId>spring-boot-starter-parent<\/artifactId>/,
    );
    expect(parent).toMatch(/<version>4\.0\.\d+<\/version>/);
    const starters = pomDependencies(pom, 'dependencies').map(
      dependency => dependency.artifactId,
    );
    expect(starters).toEqual(
      expect.arrayContaining([
        'spring-boot-starter-webmvc',
        'spring-boot-starter-webmvc-test',
      ]),
    );
    // Packages Spring Boot 4 moved: code importing the 3.x names would not compile.
    const javaSources = [...results.get(c.name)!.files]
      .filter(([file]) => file.endsWith('.java'))
      .map(([, content]) => content.toString('utf8'))
      .join('\n');
    expect(javaSources).not.toMatch(
      /import org\.springframework\.boot\.(actuate\.health|test\.autoconfigure\.web)\./,
    );
    expect(pom).toMatch(/<java\.version>21<\/java\.version>/);
    const awsBom = pomDependencies(pom, 'dependencyManagement').find(
      dependency =>
        dependency.groupId === 'software.amazon.awssdk' &&
        dependency.artifactId === 'bom',
    );
    const awsVersion = awsBom?.version?.replace(
      /^\$\{(.+)\}$/,
      (_m, name) =>
        pom.match(new RegExp(`<${name.replace(/\./g, '\\.')}>([^<]+)<`))?.[1] ??
        '',
    );
    expect(awsVersion).toMatch(/^2\.\d+\.\d+$/);
    expect(Number(awsVersion!.split('.')[1])).toBeGreaterThanOrEqual(57);
    // The build image and the runtime image run the Java the pom compiles for.
    expect(text(results.get(c.name)!.files, 'Dockerfile')).toMatch(
      /FROM maven:\S+-temurin-21 AS build[\s\S]*FROM eclipse-temurin:21-jre/,
    );
  });

  it('answers an invalid path id with 400: no class-level @Validated, the id constraint on the path variable', () => {
    const controller = javaFile(c, '/api/RecordController.java');
    const cls = classesOf(controller).find(k =>
      k.annotations.some(a => a.name === 'RestController'),
    )!;
    expect(cls?.name).toBe('RecordController');
    // A @Validated class is proxied: its constraint violations escape Spring MVC as ConstraintViolationException (500).
    expect(cls.annotations.map(a => a.name)).not.toContain('Validated');

    const constants = stringConstantsOf(controller, cls);
    const openApiPattern = parseYaml(
      text(results.get(c.name)!.files, 'openapi.yaml'),
    ).paths['/records/{id}'].parameters.find(
      (p: { name: string }) => p.name === 'id',
    ).schema.pattern;
    const pathVariables = methodsOf(controller, cls).flatMap(method =>
      method.parameters
        .filter(p => p.annotations.some(a => a.name === 'PathVariable'))
        .map(p => ({ method: method.name, ...p })),
    );
    expect(pathVariables.map(p => `${p.method}(${p.name})`)).toEqual([
      'get(id)',
      'put(id)',
    ]);
    for (const parameter of pathVariables) {
      const pattern = parameter.annotations.find(a => a.name === 'Pattern');
      expect(`${parameter.method}: ${pattern?.text}`).toMatch(/@Pattern/);
      // Same rule as the API description promises.
      expect(`^${patternRegexp(pattern!.text, constants)}$`).toBe(
        openApiPattern,
      );
    }
  });

  it('keeps the probes to the pod itself: DynamoDB is in the overall health, not in readiness or liveness', () => {
    const indicator = classesOf(
      javaFile(c, '/config/DynamoDbHealthIndicator.java'),
    ).find(k => /\bHealthIndicator\b/.test(k.implements))!;
    const component = indicator.annotations.find(a => a.name === 'Component');
    // The indicator stays a bean (so /actuator/health reports the table); its bean name is its health contributor name.
    const contributor = component?.text.match(/"([^"]+)"/)?.[1];
    expect(contributor).toBe('dynamodb');

    const health = applicationYml(c).management?.endpoint?.health;
    expect(health?.probes?.enabled).toBe(true);
    expect(memberList(health?.group?.readiness?.include)).toEqual([
      'readinessState',
    ]);
    expect(memberList(health?.group?.liveness?.include)).toEqual([
      'livenessState',
    ]);
  });

  it('shuts down gracefully within the pod grace period, after the preStop drain', () => {
    const config = applicationYml(c);
    expect(config.server?.shutdown).toBe('graceful');
    expect(
      config.spring?.lifecycle?.['timeout-per-shutdown-phase'],
    ).toBeDefined();
    const shutdownPhase = durationSeconds(
      config.spring?.lifecycle?.['timeout-per-shutdown-phase'],
    );
    expect(shutdownPhase).toBeLessThanOrEqual(40);

    const deployment = yamlDocs(
      text(results.get(c.name)!.files, 'k8s/base/deployment.yaml'),
      'k8s/base/deployment.yaml',
    ).find(doc => doc?.kind === 'Deployment');
    const pod = deployment.spec.template.spec;
    const preStopSleep = Math.max(
      ...pod.containers.map(
        (container: any) => container.lifecycle?.preStop?.sleep?.seconds ?? 0,
      ),
    );
    // preStop runs first, then SIGTERM starts Spring's shutdown; both must end before the kubelet's SIGKILL.
    expect(preStopSleep + shutdownPhase).toBeLessThan(
      pod.terminationGracePeriodSeconds,
    );
  });
});
