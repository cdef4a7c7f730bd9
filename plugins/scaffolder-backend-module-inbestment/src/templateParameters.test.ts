import path from 'node:path';
import fs from 'fs-extra';
import {
  TEMPLATES_DIR,
  TEMPLATE_NAMES,
  loadTemplate,
} from './__testUtils__/harness';

/**
 * What each choice of every template is called in the form, value by value. A label that YAML split at a comma,
 * a lost label or two labels swapped (the form would then send a value the person did not pick) fails here.
 */
const INTENDED_LABELS: Record<string, Record<string, string>> = {
  'backend-service/pipeline': {
    'github-actions': 'GitHub Actions',
    codebuild: 'AWS CodeBuild / CodePipeline',
    none: 'None (add one later)',
  },
  'backend-service/deploymentStrategy': {
    canary: 'Canary (one pod first, watched by alarms)',
    'blue-green': 'Blue/green (switch the Service selector)',
  },
  'micro-frontend/pipeline': {
    'github-actions': 'GitHub Actions',
    codebuild: 'AWS CodeBuild / CodePipeline',
  },
  'cicd-pipeline/pipeline': {
    'github-actions': 'GitHub Actions',
    codebuild: 'AWS CodeBuild / CodePipeline',
  },
  'cicd-pipeline/deploymentStrategy': {
    canary: 'Canary (one pod first, watched by alarms)',
    'blue-green': 'Blue/green (switch the Service selector)',
  },
};

type Schema = Record<string, any>;
type Choice = {
  field: string;
  values: unknown[];
  labels: unknown[] | undefined;
};

/** Every choice (`enum`, or `oneOf`/`anyOf` of `const`s) in a parameter schema, at any depth. */
function choicesIn(schema: Schema, field = ''): Choice[] {
  if (!schema || typeof schema !== 'object') return [];
  const found: Choice[] = [];
  if (Array.isArray(schema.enum)) {
    found.push({ field, values: schema.enum, labels: schema.enumNames });
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.every(o => o && 'const' in o)) {
      found.push({
        field,
        values: options.map(o => o.const),
        labels: options.map(o => o.title),
      });
    } else if (Array.isArray(options)) {
      options.forEach(o => found.push(...choicesIn(o, field)));
    }
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    found.push(
      ...choicesIn(property as Schema, field ? `${field}.${name}` : name),
    );
  }
  if (schema.items) found.push(...choicesIn(schema.items, `${field}[]`));
  for (const dependency of Object.values(schema.dependencies ?? {})) {
    found.push(...choicesIn(dependency as Schema, field));
  }
  for (const branch of ['allOf', 'then', 'else'] as const) {
    [schema[branch]].flat().forEach(s => found.push(...choicesIn(s, field)));
  }
  return found;
}

const templatesOnDisk = fs
  .readdirSync(TEMPLATES_DIR)
  .filter(dir => fs.existsSync(path.join(TEMPLATES_DIR, dir, 'template.yaml')))
  .sort();

const choices = templatesOnDisk.flatMap(template =>
  [loadTemplate(template).spec.parameters]
    .flat()
    .flatMap((step: Schema) => choicesIn(step))
    .map(choice => ({ ...choice, key: `${template}/${choice.field}` })),
);

const properties = templatesOnDisk.flatMap(template =>
  [loadTemplate(template).spec.parameters]
    .flat()
    .flatMap((step: Schema) => Object.entries(step.properties ?? {}))
    .map(([name, schema]) => ({
      key: `${template}/${name}`,
      name,
      schema: schema as Schema,
    })),
);

describe("every template's parameters", () => {
  it('covers every template in templates/', () => {
    expect(templatesOnDisk).toEqual([...TEMPLATE_NAMES].sort());
  });

  it.each(choices)('$key has one label per value', choice => {
    expect(choice.labels).toBeDefined();
    expect(choice.labels).toHaveLength(choice.values.length);
    for (const label of choice.labels!) {
      expect(typeof label === 'string' && label.trim() !== '').toBe(true);
    }
    expect(new Set(choice.labels).size).toBe(choice.values.length);
  });

  it.each(choices)('$key labels each value as intended', choice => {
    const shown = Object.fromEntries(
      choice.values.map((value, i) => [String(value), choice.labels?.[i]]),
    );
    expect(shown).toEqual(INTENDED_LABELS[choice.key]);
  });

  it('has an intended label list only for choices that exist', () => {
    expect(Object.keys(INTENDED_LABELS).sort()).toEqual(
      choices.map(c => c.key).sort(),
    );
  });

  it.each(properties.filter(p => /^(owner|system|component)$/.test(p.name)))(
    '$key picks from the catalog by title',
    ({ schema }) => {
      // Backstage's OwnerPicker and EntityPicker show the raw ref once picked and list entities unsorted.
      expect(schema['ui:field']).toBe('InbestmentEntityPicker');
    },
  );

  it.each(properties.filter(p => p.name === 'owner'))(
    '$key lists only teams',
    ({ schema }) => {
      expect(schema['ui:options'].catalogFilter).toEqual({
        kind: 'Group',
        'spec.type': 'team',
      });
    },
  );

  it.each(
    properties.filter(p => p.schema['ui:field'] === 'InbestmentComponentName'),
  )('$key says a taken name once', ({ schema }) => {
    // The form lists a field's errors above the fields and again under it; the name's is long.
    expect(schema['ui:hideError']).toBe(true);
  });
});
