import { z } from '@hono/zod-openapi';

/** The one error envelope, shared by every route's documented error responses. */
export const ErrorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
      message: z.string().openapi({ example: 'Dữ liệu gửi lên không hợp lệ.' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorEnvelopeSchema } } });

export const errorResponses = {
  400: err('Malformed request (e.g. INVALID_JSON)'),
  401: err('Not signed in (UNAUTHENTICATED)'),
  403: err('Signed in without the needed role (FORBIDDEN)'),
  404: err('Not found (NOT_FOUND)'),
  413: err('Body over the size limit (PAYLOAD_TOO_LARGE)'),
  422: err('Fields failed validation (VALIDATION_FAILED); details lists each field'),
  429: err('Throttled (RATE_LIMITED); see Retry-After'),
} as const;

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/** Routes for signed-in accounts: a session cookie (browsers) or a bearer token (scripts). */
export const signedIn: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];
