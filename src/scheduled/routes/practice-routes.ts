import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/app-env.ts';
import { errorResponses, jsonBody, jsonContent } from '../../http/openapi-common.ts';
import { ResponseSchema } from '../../banks/responses.ts';
import { PracticeStartSchema } from '../practice-service.ts';
import type { ScheduledModule } from '../scheduled-module.ts';
import { AnswerParam, AttemptParam, Loose, Slug } from './shared.ts';

const tags = ['practice'];

/** Solo practice on public banks: no registration, nothing personal stored, no ranking. */
export function registerPracticeRoutes(app: OpenAPIHono<AppEnv>, m: ScheduledModule): void {
  app.openapi(
    createRoute({
      method: 'post', path: '/api/practice/{bank}/attempts', tags,
      summary: 'Start a practice attempt on a public bank (latest version), timed (minutes) or untimed',
      request: { params: z.object({ bank: Slug.openapi({ param: { name: 'bank', in: 'path' } }) }), body: { required: false, content: { 'application/json': { schema: PracticeStartSchema } } } },
      responses: { 201: jsonContent(Loose('PracticeAttempt'), 'Started'), 404: errorResponses[404], 422: errorResponses[422] },
    }),
    async (c) => c.json(await m.practice.start(c.req.valid('param').bank, PracticeStartSchema.parse(c.req.valid('json') ?? {})), 201),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/api/practice-attempts/{id}', tags, summary: 'Resume a practice attempt (answers with their reveals; the summary once ended)', request: { params: AttemptParam }, responses: { 200: jsonContent(Loose('PracticeAttemptState'), 'Attempt'), 404: errorResponses[404] } }),
    async (c) => c.json(await m.practice.get(c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'put', path: '/api/practice-attempts/{id}/answers/{questionId}', tags,
      summary: 'Answer one practice question; the key and explanation come back at once (409 ALREADY_ANSWERED, ATTEMPT_CLOSED)',
      request: { params: AnswerParam, body: jsonBody(z.object({ response: ResponseSchema }).strict()) },
      responses: { 200: jsonContent(Loose('PracticeAnswer'), 'Graded'), 404: errorResponses[404], 409: jsonContent(z.any(), 'ALREADY_ANSWERED / ATTEMPT_CLOSED'), 422: errorResponses[422] },
    }),
    async (c) => {
      const { id, questionId } = c.req.valid('param');
      return c.json(await m.practice.answer(id, questionId, c.req.valid('json').response), 200);
    },
  );
  app.openapi(
    createRoute({ method: 'post', path: '/api/practice-attempts/{id}/finish', tags, summary: 'End the practice attempt: score and a summary by competence', request: { params: AttemptParam }, responses: { 200: jsonContent(Loose('PracticeSummary'), 'Summary'), 404: errorResponses[404] } }),
    async (c) => c.json(await m.practice.finish(c.req.valid('param').id), 200),
  );
}
