import { describe, expect, it } from 'vitest';
import { planQuestions } from '../../src/contests/live-state.ts';
import { LiveSettingsSchema } from '../../src/contests/settings.ts';

describe('LiveSettingsSchema', () => {
  it('fills defaults', () => {
    expect(LiveSettingsSchema.parse({})).toEqual({
      timeLimitSec: 20,
      readingDelayMs: 3000,
      speedScoring: true,
      streakBonus: true,
      shuffleOptions: true,
      maxPlayers: 2000,
      lateJoinUntil: 0,
      mode: 'classic',
      autoAdvance: false,
      revealDurationMs: 10_000,
      latencyFair: true,
      latencyCapMs: 300,
      graceMs: 250,
      teamScoring: true,
    });
  });

  it('enforces the bounds', () => {
    const fails = (input: Record<string, unknown>) => LiveSettingsSchema.safeParse(input).success === false;
    expect(fails({ timeLimitSec: 4 })).toBe(true);
    expect(fails({ timeLimitSec: 241 })).toBe(true);
    expect(fails({ timeLimitSec: 10.5 })).toBe(true);
    expect(LiveSettingsSchema.parse({ timeLimitSec: 5 }).timeLimitSec).toBe(5);
    expect(LiveSettingsSchema.parse({ timeLimitSec: 240 }).timeLimitSec).toBe(240);
    // A province-wide final: the ceiling is 50,000 (issue 14 asks for at least 25,000).
    expect(fails({ maxPlayers: 50_001 })).toBe(true);
    expect(fails({ maxPlayers: 0 })).toBe(true);
    expect(LiveSettingsSchema.parse({ maxPlayers: 25_000 }).maxPlayers).toBe(25_000);
    expect(LiveSettingsSchema.parse({ maxPlayers: 50_000 }).maxPlayers).toBe(50_000);
    expect(LiveSettingsSchema.parse({ expectedPlayers: 25_000 }).expectedPlayers).toBe(25_000);
    expect(fails({ expectedPlayers: 0 })).toBe(true);
    expect(fails({ mode: 'battle' })).toBe(true);
    expect(fails({ graceMs: -1 })).toBe(true);
    expect(fails({ lateJoinUntil: -1 })).toBe(true);
  });

  it('rejects unknown keys so typos do not pass silently', () => {
    expect(LiveSettingsSchema.safeParse({ timelimitSec: 30 }).success).toBe(false);
  });
});

describe('planQuestions', () => {
  it('uses each question’s own limit and multiplier, falling back to the contest default', () => {
    const settings = LiveSettingsSchema.parse({ timeLimitSec: 30 });
    expect(planQuestions([{ points: 1 }, { timeLimitSec: 60, points: 2 }, { points: 0 }] as never, settings)).toEqual([
      { timeLimitMs: 30_000, multiplier: 1 },
      { timeLimitMs: 60_000, multiplier: 2 },
      { timeLimitMs: 30_000, multiplier: 0 },
    ]);
  });
});
