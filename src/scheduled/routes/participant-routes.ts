import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/app-env.ts';
import { errorResponses, jsonBody, jsonContent } from '../../http/openapi-common.ts';
import { ApiError } from '../../http/errors.ts';
import { clientAddress } from '../../auth/routes.ts';
import { ResponseSchema } from '../../banks/responses.ts';
import { RegisterSchema, ResumeSchema } from '../participant-service.ts';
import type { ScheduledModule } from '../scheduled-module.ts';
import { AnswerParam, AttemptParam, Loose, SlugParam, bearerToken, participantAuth, tags } from './shared.ts';

const conflict = (codes: string) => jsonContent(z.any(), codes);

/** Participant routes (no account): register, resume, attempts, autosave, submit. */
export function registerParticipantRoutes(app: OpenAPIHono<AppEnv>, m: ScheduledModule): void {
  const me = (c: Parameters<typeof bearerToken>[0]) => m.participants.authenticate(bearerToken(c));

  app.openapi(
    createRoute({
      method: 'post', path: '/api/scheduled-contests/{slug}/register', tags,
      summary: 'Register (no account): returns the participant token (a bearer credential, stored hashed) and a short resume code',
      description: 'district: a unit code, or a name with or without diacritics, or an alias. Anyone under 16 (or giving only a grade band) needs guardianConsent: true after reading the privacy notice (/privacy) — 422 GUARDIAN_CONSENT_REQUIRED otherwise. Same normalised name + date of birth + school as an earlier registration is flagged for the organiser, never merged.',
      request: { params: SlugParam, body: jsonBody(RegisterSchema) },
      responses: {
        201: jsonContent(z.object({ participantId: z.string(), participantToken: z.string(), resumeCode: z.string(), district: z.string(), school: z.string(), duplicateFlagged: z.boolean() }).openapi('ScheduledRegistration'), 'Registered'),
        404: errorResponses[404], 409: conflict('CONTEST_CLOSED'), 422: errorResponses[422],
      },
    }),
    async (c) => c.json(await m.participants.register(c.req.valid('param').slug, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/scheduled-contests/{slug}/resume', tags,
      summary: 'Restore the participant token on another device: resume code + the date of birth (or grade band) given at registration',
      request: { params: SlugParam, body: jsonBody(ResumeSchema) },
      responses: { 200: jsonContent(z.object({ participantId: z.string(), participantToken: z.string(), district: z.string() }), 'Restored'), 404: errorResponses[404], 422: errorResponses[422], 429: errorResponses[429] },
    }),
    async (c) => {
      // Guessing resume codes is throttled per address (the code also needs the date of birth).
      const address = clientAddress(c);
      if (await m.resumeFailures.blocked(address)) throw new ApiError(429, 'RATE_LIMITED', { headers: { 'Retry-After': '60' } });
      try {
        return c.json(await m.participants.resume(c.req.valid('param').slug, c.req.valid('json')), 200);
      } catch (err) {
        if (err instanceof ApiError && err.code === 'RESUME_NOT_FOUND') await m.resumeFailures.record(address);
        throw err;
      }
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/scheduled-contests/{slug}/schools', tags,
      summary: 'Schools of a district from the region data, for the registration picker (district by code or name)',
      request: { params: SlugParam, query: z.object({ district: z.string().min(1).max(200) }) },
      responses: { 200: jsonContent(z.object({ schools: z.array(z.string()) }), 'Schools'), 404: errorResponses[404] },
    }),
    async (c) => c.json({ schools: await m.participants.schools(c.req.valid('param').slug, c.req.valid('query').district) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/scheduled-contests/{slug}/me', tags, security: participantAuth,
      summary: "The participant's own attempts and attempts left",
      request: { params: SlugParam },
      responses: { 200: jsonContent(Loose('ScheduledParticipantSelf'), 'Me'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const p = await me(c);
      const contest = await m.ctx.contest(c.req.valid('param').slug);
      if (contest.id !== p.contestId) return c.json({ error: { code: 'NOT_FOUND', message: 'Not found.' } }, 404) as never;
      return c.json(await m.attempts.mine(p), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/scheduled-contests/{slug}/attempts', tags, security: participantAuth,
      summary: 'Start an attempt: questions drawn on the server (seeded, recorded), player views without keys, options shuffled per attempt',
      description: 'deadline = min(start + attemptMinutes, closesAt). Errors: CONTEST_NOT_OPEN, CONTEST_CLOSED, NO_ATTEMPTS_LEFT, NOT_ELIGIBLE, ATTEMPT_IN_PROGRESS (details.attemptId: resume it).',
      request: { params: SlugParam },
      responses: {
        201: jsonContent(z.object({ id: z.string(), questions: z.array(z.object({ id: z.string(), view: z.looseObject({}) })), deadline: z.string(), serverNow: z.string() }).passthrough().openapi('ScheduledAttempt'), 'Started'),
        401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404], 409: conflict('CONTEST_NOT_OPEN / CONTEST_CLOSED / NO_ATTEMPTS_LEFT / ATTEMPT_IN_PROGRESS'),
      },
    }),
    async (c) => c.json(await m.attempts.start(await me(c), c.req.valid('param').slug), 201),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/attempts/{id}', tags, security: participantAuth,
      summary: 'Resume an attempt (after a reload or on another device): questions, saved answers, remaining time by the server clock; keys only when keysVisible allows',
      request: { params: AttemptParam },
      responses: { 200: jsonContent(Loose('ScheduledAttemptState'), 'Attempt'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await m.attempts.get(await me(c), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'put', path: '/api/attempts/{id}/answers/{questionId}', tags, security: participantAuth,
      summary: 'Autosave one answer (display indices, the live-play response schema): idempotent, last write wins; 409 ATTEMPT_CLOSED after the deadline + 5 s grace',
      request: { params: AnswerParam, body: jsonBody(z.object({ response: ResponseSchema }).strict()) },
      responses: { 200: jsonContent(z.object({ questionId: z.string(), saved: z.boolean(), savedAt: z.string(), deadline: z.string(), serverNow: z.string() }), 'Saved'), 401: errorResponses[401], 404: errorResponses[404], 409: conflict('ATTEMPT_CLOSED'), 422: errorResponses[422] },
    }),
    async (c) => {
      const { id, questionId } = c.req.valid('param');
      return c.json(await m.attempts.saveAnswer(await me(c), id, questionId, c.req.valid('json').response), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/attempts/{id}/submit', tags, security: participantAuth,
      summary: 'Submit with the prediction (a non-negative integer); scored on the server. Repeating a submit returns the same result',
      request: { params: AttemptParam, body: jsonBody(z.object({ prediction: z.number().int().min(0).max(100_000_000) }).strict()) },
      responses: {
        200: jsonContent(z.object({ score: z.number(), maxScore: z.number(), correctCount: z.number(), durationMs: z.number() }).passthrough().openapi('ScheduledAttemptResult'), 'Result'),
        401: errorResponses[401], 404: errorResponses[404], 409: conflict('ATTEMPT_CLOSED'), 422: errorResponses[422],
      },
    }),
    async (c) => c.json(await m.attempts.submit(await me(c), c.req.valid('param').id, c.req.valid('json').prediction), 200),
  );
}
