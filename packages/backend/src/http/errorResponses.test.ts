import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { ConfigReader } from '@backstage/config';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { plainErrorResponses } from './errorResponses';

/** A route that fails with `error`, behind the filter and Backstage's error handler (stacks on). */
function failingWith(error: unknown) {
  const app = express();
  app.use(plainErrorResponses());
  app.get('/', () => {
    throw error;
  });
  app.use(
    MiddlewareFactory.create({
      config: new ConfigReader({}),
      logger: mockServices.logger.mock(),
    }).error({ showStackTraces: true }),
  );
  return request(app).get('/');
}

describe('plainErrorResponses', () => {
  it('answers a ZodError (zod 4: issues only in the message) with a 400 and a plain message', async () => {
    const schema = z.object({ items: z.array(z.string()) });
    const res = await failingWith(schema.safeParse({ items: 'x' }).error);
    expect(res.status).toBe(400);
    expect(res.body.response).toEqual({ statusCode: 400 });
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      message:
        'Invalid request: items: Invalid input: expected array, received string',
    });
    expect(res.text).not.toContain('stack');
  });

  it("keeps another plugin's refusal that ScaffolderClient reports as a plain Error", async () => {
    const upstream = {
      error: {
        name: 'NotAllowedError',
        message: '',
        stack: 'NotAllowedError\n at /srv/x.ts:1',
      },
      response: { statusCode: 403 },
    };
    const res = await failingWith(
      new Error(
        `Backend request failed, 403 Forbidden ${JSON.stringify(upstream)}`,
      ),
    );
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({
      name: 'NotAllowedError',
      message: 'Forbidden',
    });
  });

  it('sends no stack trace, also of causes', async () => {
    const res = await failingWith(
      new NotAllowedError('no', new Error('inner cause')),
    );
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: 'no; caused by Error: inner cause',
      cause: { name: 'Error', message: 'inner cause' },
    });
    expect(res.text).not.toContain('stack');
  });

  it('leaves other bodies alone', async () => {
    const app = express();
    app.use(plainErrorResponses());
    app.get('/', (_req, res) => {
      res.json({ error: 'a field named error', stack: 'kept' });
    });
    const res = await request(app).get('/');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ error: 'a field named error', stack: 'kept' });
  });
});
