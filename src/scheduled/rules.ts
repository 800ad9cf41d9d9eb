/** The pure rules of scheduled contests, re-exported for the service shell. */
export * from './registration.ts';
export * from './window-state.ts';
export * from './attempt-rules.ts';
export * from './ranking.ts';
