import { describe, expect, it } from 'vitest';
import type { ContestInfo, FinalSummary, JoinResult, Leaderboard, PlayerSnapshot, QuestionReveal, QuestionShow } from '../../src/contests/protocol.ts';
import { initialPlayState, playReducer, selectionResponse, type ContestLookup, type PlayAction, type PlayState } from '../../src/web/client/play-state.ts';

const S = 1_700_000_000_000;
const districts = [
  { code: 'buon-ma-thuot', name: 'Buôn Ma Thuột' },
  { code: 'krong-pac', name: 'Krông Pắc' },
];
const lookup: ContestLookup = { pin: '123456', title: 'Thi kỹ năng số', districts, rosterMode: false };
const info: ContestInfo = { id: '7c0c2d4e-1111-4222-8333-444455556666', title: 'Thi kỹ năng số', mode: 'classic', questionCount: 3, districts, rosterMode: false };
const me = { playerId: 'p1', nickname: 'Mèo Vàng', district: 'krong-pac', points: 0, streak: 0, eliminated: false, answeredCurrent: false };

function show(index: number, type: QuestionShow['question']['type'] = 'single_choice', paused: number | null = null): QuestionShow {
  return {
    question: {
      index,
      total: 3,
      type,
      prompt: { vi: `Câu ${index + 1}`, en: `Question ${index + 1}` },
      options: [0, 1, 2, 3].map((i) => ({ index: i, text: { vi: `Ý ${i}`, en: `Option ${i}` } })),
      ...(type === 'multiple_choice' ? { count: 2 } : {}),
      points: 1,
    },
    timing: { serverNow: S, shownAt: S, opensAt: S + 3000, closesAt: S + 23_000, pausedRemainingMs: paused },
  };
}

function snapshot(over: Partial<PlayerSnapshot> = {}, meOver: Partial<PlayerSnapshot['me']> = {}): PlayerSnapshot {
  return { contest: info, phase: 'lobby', paused: false, lobbyLocked: false, playerCount: 4, me: { ...me, ...meOver }, ...over };
}

const joined: JoinResult = { playerId: 'p1', nickname: 'Mèo Vàng', reconnectToken: 'x'.repeat(32), snapshot: snapshot() };

function reveal(index: number, mine: Partial<NonNullable<QuestionReveal['me']>> = {}): QuestionReveal {
  return {
    index,
    correct: { choices: [2] },
    explanation: { vi: 'Vì…', en: 'Because…' },
    distribution: { options: [1, 0, 3, 0], right: 3, wrong: 1, noAnswer: 0 },
    me: { answered: true, correct: true, points: 850, totalPoints: 850, streak: 1, eliminated: false, ...mine },
  };
}

const board: Leaderboard = {
  overall: [{ rank: 1, nickname: 'Mèo Vàng', district: 'krong-pac', points: 850 }],
  districts: [{ rank: 1, district: 'krong-pac', name: 'Krông Pắc', teamScore: 850, players: 1, correctRate: 1 }],
  me: { rank: 1, points: 850, districtRank: 1, streak: 1 },
};
const final: FinalSummary = {
  podium: board.overall,
  districts: board.districts,
  me: { rank: 1, districtRank: 1, points: 850, correct: 1, total: 3, review: [] },
};

const run = (s: PlayState, ...actions: PlayAction[]) => actions.reduce(playReducer, s);
const atProfile = () => initialPlayState({ pin: '123456', contest: lookup, hasToken: false });
const inLobby = () => run(atProfile(), { type: 'join-started' }, { type: 'joined', result: joined });
const inQuestion = () => run(inLobby(), { type: 'question', show: show(0) });

describe('where a page load starts', () => {
  it('asks for a PIN without one, and says so when the PIN was not found', () => {
    expect(initialPlayState({ pin: null, contest: null, hasToken: false })).toMatchObject({ screen: 'pin', error: null });
    expect(initialPlayState({ pin: '999999', contest: null, hasToken: false, notFound: true })).toMatchObject({ screen: 'pin', error: 'CONTEST_UNAVAILABLE' });
  });

  it('asks for the profile when the PIN names an open contest', () => {
    expect(atProfile()).toMatchObject({ screen: 'profile', pin: '123456', contest: lookup, busy: false });
  });

  it('resumes when the tab holds a reconnect token for the PIN (a reload)', () => {
    expect(initialPlayState({ pin: '123456', contest: lookup, hasToken: true })).toMatchObject({ screen: 'reconnecting', busy: true });
  });
});

describe('joining', () => {
  it('fills the nickname from a suggestion and counts the re-spins left', () => {
    const s = run(atProfile(), { type: 'suggest-started' }, { type: 'suggested', nickname: 'Cáo Xanh', remaining: 2 });
    expect(s).toMatchObject({ busy: false, spinsLeft: 2, profile: { nickname: 'Cáo Xanh' } });
  });

  it('shows a refused join inline and keeps the form', () => {
    const s = run(atProfile(), { type: 'profile-edited', field: 'nickname', value: 'Nam' }, { type: 'join-started' }, { type: 'request-failed', code: 'NICKNAME_TAKEN' });
    expect(s).toMatchObject({ screen: 'profile', busy: false, error: 'NICKNAME_TAKEN', profile: { nickname: 'Nam' } });
    expect(playReducer(s, { type: 'profile-edited', field: 'nickname', value: 'Nam 2' }).error).toBeNull();
  });

  it('enters the lobby with the snapshot, and follows the player count', () => {
    const s = run(inLobby(), { type: 'lobby', playerCount: 9, locked: true });
    expect(s).toMatchObject({ screen: 'lobby', me: { nickname: 'Mèo Vàng' }, info, playerCount: 9, locked: true });
  });

  it('goes back to the profile after leaving the lobby', () => {
    expect(run(inLobby(), { type: 'left' })).toMatchObject({ screen: 'profile', me: null });
  });
});

describe('a question', () => {
  it('shows the question and sends an answer at once, then confirms it', () => {
    const q = inQuestion();
    expect(q).toMatchObject({ screen: 'question', selection: [], answer: null, paused: false });
    const sent = run(q, { type: 'answer-sent', answerId: 'a1b2c3d4e5', response: { type: 'single_choice', choice: 2 } });
    expect(sent).toMatchObject({ screen: 'answered', answer: { index: 0, answerId: 'a1b2c3d4e5', status: 'sending' }, me: { answeredCurrent: true } });
    expect(run(sent, { type: 'answer-acked', answerId: 'a1b2c3d4e5' }).answer?.status).toBe('received');
  });

  it('ignores an acknowledgement for another answer', () => {
    const sent = run(inQuestion(), { type: 'answer-sent', answerId: 'a1b2c3d4e5', response: { type: 'single_choice', choice: 2 } });
    expect(run(sent, { type: 'answer-acked', answerId: 'zzzzzzzzzz' }).answer?.status).toBe('sending');
  });

  it.each([
    ['ALREADY_ANSWERED', 'answered', 'received'],
    ['TOO_LATE', 'answered', 'late'],
  ] as const)('treats %s as %s/%s', (code, screen, status) => {
    const sent = run(inQuestion(), { type: 'answer-sent', answerId: 'a1b2c3d4e5', response: { type: 'single_choice', choice: 1 } });
    expect(run(sent, { type: 'answer-failed', answerId: 'a1b2c3d4e5', code })).toMatchObject({ screen, answer: { status } });
  });

  it.each(['PAUSED', 'TOO_EARLY', 'TIMEOUT', 'UNAVAILABLE'])('goes back to the question after %s, keeping the selection', (code) => {
    const picked = run(run(atProfile(), { type: 'joined', result: joined }), { type: 'question', show: show(0, 'multiple_choice') }, { type: 'toggle-choice', choice: 3 }, { type: 'toggle-choice', choice: 1 });
    const sent = run(picked, { type: 'answer-sent', answerId: 'a1b2c3d4e5', response: { type: 'multiple_choice', choices: [1, 3] } });
    expect(run(sent, { type: 'answer-failed', answerId: 'a1b2c3d4e5', code })).toMatchObject({ screen: 'question', answer: null, error: code, selection: [3, 1], me: { answeredCurrent: false } });
  });

  it('follows pause and resume for the current question only', () => {
    const q = inQuestion();
    const paused = run(q, { type: 'timing', index: 0, timing: { ...show(0).timing, pausedRemainingMs: 5000 } });
    expect(paused).toMatchObject({ paused: true, question: { timing: { pausedRemainingMs: 5000 } } });
    expect(run(paused, { type: 'timing', index: 0, timing: show(0).timing }).paused).toBe(false);
    expect(run(q, { type: 'timing', index: 1, timing: { ...show(1).timing, pausedRemainingMs: 1 } })).toBe(q);
  });

  it('builds multiple-choice and ordering responses from taps', () => {
    const mc = show(0, 'multiple_choice').question;
    expect(selectionResponse(mc, [])).toBeNull();
    expect(selectionResponse(mc, [3, 0])).toEqual({ type: 'multiple_choice', choices: [0, 3] });
    const ord = show(0, 'ordering').question;
    expect(selectionResponse(ord, [2, 0, 1])).toBeNull();
    expect(selectionResponse(ord, [2, 0, 3, 1])).toEqual({ type: 'ordering', order: [2, 0, 3, 1] });
    expect(selectionResponse(show(0).question, [1])).toBeNull();
  });

  it('toggles a tapped option off again', () => {
    const s = run(inQuestion(), { type: 'toggle-choice', choice: 2 }, { type: 'toggle-choice', choice: 0 }, { type: 'toggle-choice', choice: 2 });
    expect(s.selection).toEqual([0]);
    expect(run(s, { type: 'clear-selection' }).selection).toEqual([]);
  });
});

describe('results', () => {
  const answered = () => run(inQuestion(), { type: 'answer-sent', answerId: 'a1b2c3d4e5', response: { type: 'single_choice', choice: 2 } }, { type: 'answer-acked', answerId: 'a1b2c3d4e5' });

  it('reveals right or wrong with points and streak, then the leaderboard on request', () => {
    const r = run(answered(), { type: 'reveal', reveal: reveal(0) });
    expect(r).toMatchObject({ screen: 'reveal', me: { points: 850, streak: 1 }, reveal: { me: { correct: true } } });
    expect(run(r, { type: 'view', screen: 'leaderboard' }).screen).toBe('reveal'); // no board yet
    const lb = run(r, { type: 'leaderboard', leaderboard: board }, { type: 'view', screen: 'leaderboard' });
    expect(lb).toMatchObject({ screen: 'leaderboard', leaderboard: { me: { rank: 1, districtRank: 1 } } });
    expect(run(lb, { type: 'view', screen: 'reveal' }).screen).toBe('reveal');
  });

  it('starts the next question clean', () => {
    const next = run(answered(), { type: 'reveal', reveal: reveal(0) }, { type: 'question', show: show(1) });
    expect(next).toMatchObject({ screen: 'question', reveal: null, answer: null, selection: [], me: { answeredCurrent: false, points: 850 } });
  });

  it('ends on the final summary and ignores anything after it', () => {
    const f = run(answered(), { type: 'reveal', reveal: reveal(0) }, { type: 'ended', final });
    expect(f).toMatchObject({ screen: 'final', final });
    expect(run(f, { type: 'question', show: show(2) }, { type: 'kicked', reason: 'kicked' })).toBe(f);
  });
});

describe('elimination mode', () => {
  it('shows the eliminating reveal as the player’s result, then watching', () => {
    const out = run(inQuestion(), { type: 'reveal', reveal: reveal(0, { correct: false, points: 0, totalPoints: 0, streak: 0, eliminated: true }) });
    expect(out).toMatchObject({ screen: 'reveal', me: { eliminated: true } });
    const watching = run(out, { type: 'question', show: show(1) });
    expect(watching.screen).toBe('eliminated');
    expect(run(watching, { type: 'reveal', reveal: reveal(1, { answered: false, correct: false, points: 0, eliminated: true }) }).screen).toBe('eliminated');
    // Selecting is not possible while watching.
    expect(run(watching, { type: 'toggle-choice', choice: 1 }).selection).toEqual([]);
  });

  it('moves to watching when the server refuses an answer as ELIMINATED', () => {
    const sent = run(inQuestion(), { type: 'answer-sent', answerId: 'a1b2c3d4e5', response: { type: 'single_choice', choice: 0 } });
    expect(run(sent, { type: 'answer-failed', answerId: 'a1b2c3d4e5', code: 'ELIMINATED' })).toMatchObject({ screen: 'eliminated', me: { eliminated: true } });
  });

  it('comes back into play when a snapshot says the player was revived', () => {
    const watching = run(inQuestion(), { type: 'reveal', reveal: reveal(0, { eliminated: true, correct: false }) }, { type: 'question', show: show(1) });
    const revived = run(watching, { type: 'state', snapshot: snapshot({ phase: 'question', question: show(1) }, { eliminated: false }) });
    expect(revived).toMatchObject({ screen: 'question', me: { eliminated: false } });
  });
});

describe('reconnecting', () => {
  it('shows reconnecting after a drop once joined, and restores the screen from the resume snapshot', () => {
    const sent = run(inQuestion(), { type: 'answer-sent', answerId: 'a1b2c3d4e5', response: { type: 'single_choice', choice: 2 } });
    const dropped = run(sent, { type: 'connection', online: false });
    expect(dropped).toMatchObject({ screen: 'reconnecting', online: false });
    // The answer got through before the drop: the server says so, and the pending answer counts as received.
    const back = run(dropped, { type: 'connection', online: true }, { type: 'state', snapshot: snapshot({ phase: 'question', question: show(0) }, { answeredCurrent: true, points: 0 }) });
    expect(back).toMatchObject({ screen: 'answered', online: true, answer: { answerId: 'a1b2c3d4e5', status: 'received' } });
  });

  it('returns to the open question when the answer did not get through', () => {
    const dropped = run(inQuestion(), { type: 'connection', online: false });
    const back = run(dropped, { type: 'state', snapshot: snapshot({ phase: 'question', question: show(0) }) });
    expect(back).toMatchObject({ screen: 'question', answer: null });
  });

  it('after a reload, lands on whatever phase the contest is in, with the points kept', () => {
    const reload = initialPlayState({ pin: '123456', contest: lookup, hasToken: true });
    const s = run(reload, { type: 'state', snapshot: snapshot({ phase: 'reveal', question: show(1), reveal: reveal(1), leaderboard: board }, { points: 1700, streak: 2 }) });
    expect(s).toMatchObject({ screen: 'reveal', busy: false, me: { points: 1700, streak: 2 }, leaderboard: board });
    expect(run(reload, { type: 'state', snapshot: snapshot({ phase: 'ended', final }) }).screen).toBe('final');
    expect(run(reload, { type: 'state', snapshot: snapshot({ phase: 'ended' }) }).screen).toBe('ended');
  });

  it('keeps the form on a drop before joining', () => {
    expect(run(atProfile(), { type: 'connection', online: false })).toMatchObject({ screen: 'profile', online: false });
  });

  it('drops to the profile when the token is refused, to "ended" when the contest is gone, to an error when unanswered', () => {
    const reload = initialPlayState({ pin: '123456', contest: lookup, hasToken: true });
    expect(run(reload, { type: 'resume-failed', code: 'RESUME_INVALID', final: true })).toMatchObject({ screen: 'profile', error: 'RESUME_INVALID', me: null, busy: false });
    expect(run(reload, { type: 'resume-failed', code: 'CONTEST_UNAVAILABLE', final: true }).screen).toBe('ended');
    expect(run(reload, { type: 'resume-failed', code: 'TIMEOUT', final: false })).toMatchObject({ screen: 'error', error: 'TIMEOUT' });
    const noContest = initialPlayState({ pin: '123456', contest: null, hasToken: true });
    expect(run(noContest, { type: 'resume-failed', code: 'RESUME_INVALID', final: true }).screen).toBe('pin');
  });
});

describe('kicked', () => {
  it('stops on the kicked screen whatever comes next', () => {
    const k = run(inQuestion(), { type: 'kicked', reason: 'banned' });
    expect(k).toMatchObject({ screen: 'kicked', kicked: 'banned' });
    expect(run(k, { type: 'question', show: show(1) }, { type: 'state', snapshot: snapshot() })).toBe(k);
  });
});
