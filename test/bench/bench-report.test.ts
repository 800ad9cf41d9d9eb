import { describe, expect, it } from 'vitest';
import { closeMoments, compareResults, countLoss, percentile, readGauge, revealRefs, revealSpread, type AnswerOutcome, type BotReport } from '../../bench/bench-report.ts';
import { answerMoment, botNicknames, randomResponse } from '../../bench/bot-play.ts';
import { nicknameKey, validateNickname } from '../../src/contests/nickname.ts';
import { ResponseSchema } from '../../src/banks/responses.ts';
import { seededRandom } from '../../src/shared/random.ts';
import type { QuestionView } from '../../src/contests/protocol.ts';

const acked = (questionIndex: number, answerId: string, extra: Partial<AnswerOutcome> = {}): AnswerOutcome => ({ questionIndex, answerId, status: 'acked', attempts: 1, ackMs: 10, ...extra });
const bot = (playerId: string | null, answers: AnswerOutcome[], extra: Partial<BotReport> = {}): BotReport => ({
  nickname: `Bot ${playerId}`,
  playerId,
  district: 'd1',
  answers,
  reveals: [],
  ended: true,
  ...extra,
});

describe('percentile', () => {
  it('is nearest-rank over unsorted samples, null without samples', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 95)).toBe(10);
    expect(percentile(xs, 10)).toBe(1);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile([12.345], 99)).toBe(12.3);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('countLoss', () => {
  it('counts acknowledged answers without their row and answers never acknowledged as lost, refusals apart', () => {
    const bots = [
      bot('p1', [acked(0, 'a1'), acked(1, 'a2')]),
      bot('p2', [acked(0, 'b1'), { questionIndex: 1, answerId: 'b2', status: 'unacked', code: 'TIMEOUT', attempts: 4 }]),
      bot('p3', [{ questionIndex: 0, answerId: 'c1', status: 'refused', code: 'TOO_LATE', attempts: 1 }]),
    ];
    const stored = [
      { playerId: 'p1', questionIndex: 0, answerId: 'a1' },
      // p1's second answer is missing; p2's first is stored under another id (a second writer?).
      { playerId: 'p2', questionIndex: 0, answerId: 'zz' },
    ];
    expect(countLoss(bots, stored)).toEqual({
      answersSent: 5,
      answersAcked: 3,
      answersRefused: 1,
      refusedByCode: { TOO_LATE: 1 },
      unacked: 1,
      ackedMissing: 2,
      unexpectedRows: 1,
      lost: 3,
    });
  });

  it('is zero when every acknowledged answer has its row', () => {
    const bots = [bot('p1', [acked(0, 'a1'), acked(1, 'a2')])];
    const stored = [
      { playerId: 'p1', questionIndex: 1, answerId: 'a2' },
      { playerId: 'p1', questionIndex: 0, answerId: 'a1' },
    ];
    expect(countLoss(bots, stored)).toMatchObject({ lost: 0, ackedMissing: 0, unacked: 0, unexpectedRows: 0, answersAcked: 2 });
  });
});

describe('compareResults', () => {
  const bots = [
    bot('p1', [acked(0, 'a1'), acked(1, 'a2')], { nickname: 'Bot A', reveals: [{ index: 0, at: 1, answered: true, correct: true }, { index: 1, at: 2, answered: true, correct: false }] }),
    bot('p2', [acked(0, 'b1')], { nickname: 'Bot B', reveals: [{ index: 0, at: 1, answered: true, correct: false }] }),
    bot(null, [], { nickname: 'Bot C', joinError: 'CONTEST_UNAVAILABLE' }),
  ];
  it('agrees with results that match the bots', () => {
    const results = {
      players: [
        { nickname: 'Bot A', answered: 2, correct: 1 },
        { nickname: 'Bot B', answered: 1, correct: 0 },
      ],
      questions: [
        { index: 0, answered: 2, correct: 1 },
        { index: 1, answered: 1, correct: 0 },
      ],
    };
    expect(compareResults(bots, results)).toEqual([]);
  });
  it('names each disagreement', () => {
    const results = {
      players: [{ nickname: 'Bot A', answered: 1, correct: 1 }],
      questions: [
        { index: 0, answered: 2, correct: 1 },
        { index: 1, answered: 0, correct: 0 },
      ],
    };
    expect(compareResults(bots, results)).toEqual([
      'player Bot A: results say 1 answered / 1 correct, bots had 2 acknowledged / 1 revealed correct',
      'player Bot B: missing from results',
      'results list 1 players, 2 bots joined',
      'question 1: results say 0 answered / 0 correct, bots had 1 acknowledged / 0 revealed correct',
    ]);
  });
});

describe('revealSpread and closeMoments', () => {
  const bots = [
    bot('p1', [acked(0, 'a1', { receivedAt: 1000 }), acked(1, 'a2', { receivedAt: 5000 })], { reveals: [{ index: 0, at: 1040, answered: true, correct: true }, { index: 1, at: 5010, answered: true, correct: true }] }),
    bot('p2', [acked(0, 'b1', { receivedAt: 1020 })], { reveals: [{ index: 0, at: 1065.6, answered: true, correct: false }] }),
    bot(null, []),
  ];
  it('measures from the reference to the last joined bot and counts missing receipts', () => {
    expect(revealSpread([1030, 5000, null], bots)).toEqual({ byQuestion: [35.6, 10, null], maxMs: 35.6, fanOutMs: 25.6, missing: 3 });
  });
  it('measures the board after each reveal the same way, from its own receipts', () => {
    const withBoards = [
      bot('p1', [], { reveals: [{ index: 0, at: 1040, answered: true, correct: true, boardAt: 1042 }] }),
      bot('p2', [], { reveals: [{ index: 0, at: 1050, answered: true, correct: true, boardAt: 1080 }] }),
      bot('p3', [], { reveals: [{ index: 0, at: 1045, answered: true, correct: true }] }),
    ];
    expect(revealSpread([1000], withBoards, (r) => r.boardAt)).toEqual({ byQuestion: [80], maxMs: 80, fanOutMs: 38, missing: 1 });
  });
  it('takes the earliest server stamp of the bots\' reveals as the reference, else the host\'s receipts', () => {
    expect(revealRefs([1030, 5000, null], bots)).toEqual({ refs: [1030, 5000, null], kind: 'host' });
    const stamped = [
      bot('p1', [], { reveals: [{ index: 0, at: 1040, answered: true, correct: true, serverNow: 1010 }] }),
      bot('p2', [], { reveals: [{ index: 0, at: 1050, answered: true, correct: true, serverNow: 1005 }] }),
    ];
    expect(revealRefs([1030, 5000], stamped)).toEqual({ refs: [1005, null], kind: 'server' });
  });
  it('closes a question at its last acknowledged answer only when every joined bot answered it', () => {
    expect(closeMoments(bots, 3)).toEqual([1020, null, null]);
  });
});

describe('readGauge', () => {
  it('reads the highest sample of exactly that metric', () => {
    const text = ['# HELP process_resident_memory_bytes x', 'process_resident_memory_bytes 104857600', 'process_resident_memory_bytes_other 9', 'g{a="1"} 3', 'g{a="2"} 7'].join('\n');
    expect(readGauge(text, 'process_resident_memory_bytes')).toBe(104857600);
    expect(readGauge(text, 'g')).toBe(7);
    expect(readGauge(text, 'missing')).toBeNull();
  });
});

describe('bot play', () => {
  it('names 1,500 bots with valid nicknames whose keys all differ', () => {
    const names = botNicknames(1500);
    expect(names).toHaveLength(1500);
    expect(new Set(names.map(nicknameKey)).size).toBe(1500);
    expect(names.every((n) => validateNickname(n).ok)).toBe(true);
    expect(names.slice(0, 3)).toEqual(['Bot Ba', 'Bot Da', 'Bot Ga']);
  });

  it('gives a response the protocol accepts for every question type', () => {
    const rng = seededRandom('bench');
    const options = (n: number) => Array.from({ length: n }, (_, index) => ({ index, text: { vi: `${index}`, en: `${index}` } }));
    const base = { index: 0, total: 1, prompt: { vi: 'p', en: 'p' }, points: 1000 };
    const questions: QuestionView[] = [
      { ...base, type: 'single_choice', options: options(4) },
      { ...base, type: 'multiple_choice', options: options(5), count: 2 },
      { ...base, type: 'multiple_choice', options: options(3) },
      { ...base, type: 'true_false' },
      { ...base, type: 'short_answer' },
      { ...base, type: 'ordering', options: options(4) },
    ];
    for (let round = 0; round < 50; round++) {
      for (const q of questions) {
        const r = randomResponse(q, rng);
        expect(r.type).toBe(q.type);
        expect(ResponseSchema.safeParse(r).success).toBe(true);
        if (r.type === 'single_choice') expect(r.choice).toBeLessThan(4);
        if (r.type === 'multiple_choice' && q.count) expect(r.choices).toHaveLength(2);
        if (r.type === 'multiple_choice') expect(Math.max(...r.choices)).toBeLessThan(q.options!.length);
        if (r.type === 'ordering') expect([...r.order].sort()).toEqual([0, 1, 2, 3]);
      }
    }
  });

  it('answers inside the window, at least the margin before the close', () => {
    expect(answerMoment({ opensAt: 1000, closesAt: 11_000 }, () => 0)).toBe(1000);
    expect(answerMoment({ opensAt: 1000, closesAt: 11_000 }, () => 0.5)).toBe(5750);
    expect(answerMoment({ opensAt: 1000, closesAt: 11_000 }, () => 0.999999)).toBeLessThan(10_500);
    // A window shorter than the margin: answer at the opening.
    expect(answerMoment({ opensAt: 1000, closesAt: 1200 }, () => 0.9)).toBe(1000);
  });
});
