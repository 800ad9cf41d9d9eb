/** The practice API routes (attempt engine, no sign-in). */
export const PRACTICE_START = (bank: string) => `/api/practice/${encodeURIComponent(bank)}/attempts`;
export const PRACTICE_ANSWER = (id: string, questionId: string) => `/api/practice-attempts/${id}/answers/${encodeURIComponent(questionId)}`;
export const PRACTICE_FINISH = (id: string) => `/api/practice-attempts/${id}/finish`;
