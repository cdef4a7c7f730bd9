import { HttpRouterService } from '@backstage/backend-plugin-api';
import { ErrorResponseBody, SerializedError } from '@backstage/errors';

/** Express's request handler, as Backstage's routers take it. */
type RequestHandler = Parameters<HttpRouterService['use']>[0];

type ZodIssue = { path?: unknown[]; message?: string };

function isErrorResponseBody(body: unknown): body is ErrorResponseBody {
  const candidate = body as Partial<ErrorResponseBody> | null;
  return (
    typeof candidate?.error?.name === 'string' &&
    typeof candidate.response?.statusCode === 'number'
  );
}

/** The issues of a ZodError: enumerable in zod 3, only in the (JSON) message in zod 4. */
function zodIssues(error: SerializedError): ZodIssue[] | undefined {
  if (error.name !== 'ZodError') return undefined;
  if (Array.isArray(error.issues)) return error.issues as ZodIssue[];
  try {
    const parsed = JSON.parse(error.message);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Zod's issues as one line: `items.0.key: Required; window: Invalid enum value`. */
function describeIssues(issues: ZodIssue[]): string {
  return issues
    .map(issue => {
      const path = (issue.path ?? []).join('.');
      return path ? `${path}: ${issue.message}` : `${issue.message}`;
    })
    .join('; ');
}

/**
 * `ScaffolderClient.scaffold` (used by the actions registry's `scaffolder:execute-template`)
 * reports another plugin's refusal as a plain Error with this message, which would be a 500.
 */
const backendRequestFailed =
  /^Backend request failed, (\d{3}) ([^{]*?)\s*(\{[\s\S]*\})?$/;

/** The status and the one-line reason of the error a plugin reported, as callers should see them. */
function classify(
  error: SerializedError,
  statusCode: number,
): { statusCode: number; name: string; message: string } {
  const issues = zodIssues(error);
  if (issues) {
    return {
      statusCode: 400,
      name: 'InputError',
      message: `Invalid request: ${describeIssues(issues)}`,
    };
  }
  const upstream = backendRequestFailed.exec(error.message);
  if (error.name === 'Error' && upstream) {
    const [, status, statusText, body] = upstream;
    let reason: SerializedError | undefined;
    try {
      reason = body ? JSON.parse(body).error : undefined;
    } catch {
      reason = undefined;
    }
    return {
      statusCode: Number(status),
      name: reason?.name ?? 'Error',
      message: reason?.message || statusText,
    };
  }
  return { statusCode, name: error.name, message: error.message };
}

/** A copy without `stack` at any depth (causes, upstream bodies of ResponseError). */
function withoutStacks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutStacks);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'stack')
      .map(([key, entry]) => [key, withoutStacks(entry)]),
  );
}

/**
 * Rewrites the error bodies Backstage's error handlers send (each plugin's router has its own,
 * so a root-level error handler never sees their errors): bad input a plugin did not check
 * itself (a ZodError) becomes a 400 with a plain message, another plugin's refusal keeps its
 * status, and no body carries a stack trace, in any environment (the backend log keeps it).
 */
export function plainErrorResponses(): RequestHandler {
  return (_req, res, next) => {
    const json = res.json.bind(res);
    res.json = body => {
      if (!isErrorResponseBody(body)) return json(body);
      const { statusCode, name, message } = classify(
        body.error,
        body.response.statusCode,
      );
      const error = withoutStacks(body.error) as SerializedError;
      res.status(statusCode);
      return json({
        ...body,
        error: { ...error, name, message },
        response: { ...body.response, statusCode },
      });
    };
    next();
  };
}
