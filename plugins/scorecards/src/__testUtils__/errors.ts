import { ResponseError } from '@backstage/errors';

/** The error the client throws for a refused or missing read. */
export function responseError(status: number, message = 'refused') {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: {
          name: status === 403 ? 'NotAllowedError' : 'NotFoundError',
          message,
        },
        response: { statusCode: status },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    ),
  );
}
