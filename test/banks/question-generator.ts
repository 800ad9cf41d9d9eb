import { VN_DIGITAL_COMPETENCE_2025 } from '../../src/banks/competences.ts';
import { QuestionSchema, type Question, type QuestionInput } from '../../src/banks/question-schema.ts';

/**
 * Seeded random questions for property-style round trips: every type, Vietnamese
 * text with diacritics (some of it in NFD), and the characters each format has to
 * escape or guard (`{}=~#:\`, quotes, separators, leading `=`/`%`/`//`, blanks).
 */

/** mulberry32: small, fast, and the same sequence on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'mật khẩu', 'Đắk Lắk', 'an toàn', 'thông tin', 'dữ liệu', 'Krông Pắc', 'phần mềm', 'lừa đảo', 'Cư M\'gar', 'quyền riêng tư',
  'password', 'phishing', 'link', 'Wi-Fi', 'AI', '2FA',
  '{', '}', '=', '~', '#', ':', '::', '\\', '\\n', '%', '50%', '"', '""', ';', ',', '|', "'", '->', '####', '_____', '[html]', '//',
  '👩‍👩‍👧', 'Mật khẩu'.normalize('NFD'), 'ẩn'.normalize('NFD'),
];
/** Starts that a format could mistake for markup or a spreadsheet formula. */
const STARTS = ['=', '-', '+', '@', '%', '%50%', '[html]', '[markdown] ', '//', "'=", '$CATEGORY:', '::', '#', 'A. ', 'ANSWER: B'];

export class QuestionGenerator {
  readonly #next: () => number;

  constructor(seed: number) {
    this.#next = seededRandom(seed);
  }

  float(): number {
    return this.#next();
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.#next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.#next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** Non-empty text: words, sometimes a tricky start, sometimes line breaks. */
  text(maxWords = 6, { newlines = true } = {}): string {
    const words = Array.from({ length: this.int(1, maxWords) }, () => this.pick(WORDS));
    let s = words.map((w, i) => (i === 0 ? w : `${newlines && this.chance(0.08) ? (this.chance(0.3) ? '\n\n' : '\n') : ' '}${w}`)).join('');
    if (this.chance(0.15)) s = `${this.pick(STARTS)}${s}`;
    if (this.chance(0.5)) s = `${s} ${this.int(1, 999)}`;
    return s;
  }

  /** Localized text: usually both languages, sometimes one. */
  localized(maxWords = 6, opts: { newlines?: boolean } = {}): { vi: string; en: string } {
    const r = this.#next();
    if (r < 0.12) return { vi: '', en: this.text(maxWords, opts) };
    if (r < 0.24) return { vi: this.text(maxWords, opts), en: '' };
    return { vi: this.text(maxWords, opts), en: this.text(maxWords, opts) };
  }

  /** Integers that add up to `total`, each at least 1. */
  split(total: number, parts: number): number[] {
    const cuts = new Set<number>();
    while (cuts.size < parts - 1) cuts.add(this.int(1, total - 1));
    const sorted = [0, ...[...cuts].sort((a, b) => a - b), total];
    return sorted.slice(1).map((c, i) => c - sorted[i]!);
  }

  question(index: number, type: Question['type'] = this.pick(['single_choice', 'multiple_choice', 'true_false', 'short_answer', 'ordering', 'numerical', 'matching'] as const)): Question {
    const common: Record<string, unknown> = {
      prompt: this.localized(10),
      competences: this.shuffle(VN_DIGITAL_COMPETENCE_2025.competences.map((c) => c.code)).slice(0, this.int(0, 3)),
      gradeBands: this.shuffle(VN_DIGITAL_COMPETENCE_2025.gradeBands.map((g) => g.code)).slice(0, this.int(0, 2)),
      difficulty: this.pick([1, 2, 3]),
      points: this.pick([0, 1, 1, 2]),
    };
    if (this.chance(0.85)) common.id = this.pick([`q-${index}`, `bank.q_${index}`, `${index}`, `câu-${index}`.normalize('NFD').replace(/\p{M}/gu, '')]);
    if (this.chance(0.6)) common.explanation = this.localized(12);
    if (this.chance(0.4)) common.timeLimitSec = this.int(5, 240);
    if (this.chance(0.4)) common.source = this.text(5);
    if (this.chance(0.3)) common.tags = Array.from({ length: this.int(1, 3) }, () => this.pick(['an toàn', 'Hà Nội, Việt Nam', 'a|b', 'c:\\temp', 'lớp 6', 'top/Tin học', ',']));
    if (this.chance(0.2)) {
      common.image = {
        url: this.pick(['https://example.org/img/1.png', '/uploads/ảnh 2.png', 'https://example.org/a?b="c"']),
        ...(this.chance(0.5) ? { alt: this.localized(4, { newlines: false }) } : {}),
      };
    }
    if (this.chance(0.25)) {
      const correct = this.chance(0.7) ? this.localized(5) : undefined;
      const incorrect = !correct || this.chance(0.5) ? this.localized(5) : undefined;
      common.feedback = { ...(correct ? { correct } : {}), ...(incorrect ? { incorrect } : {}) };
    }

    const options = (min: number, max: number) => {
      const n = this.int(min, max);
      const custom = this.chance(0.25);
      return Array.from({ length: n }, (_, k) => ({
        id: custom ? `o${k + 1}-${this.int(0, 9)}${k}` : String.fromCharCode(97 + k),
        text: this.localized(6),
        ...(this.chance(0.25) ? { feedback: this.localized(5) } : {}),
      }));
    };

    let input!: QuestionInput;
    switch (type) {
      case 'single_choice': {
        const opts = options(2, 6);
        input = { ...common, type, options: opts, answer: this.pick(opts).id } as QuestionInput;
        break;
      }
      case 'multiple_choice': {
        const opts = options(2, 8);
        const answer = this.shuffle(opts.map((o) => o.id)).slice(0, this.int(1, opts.length));
        const q: Record<string, unknown> = { ...common, type, options: opts, answer, scoring: this.pick(['all_or_nothing', 'partial']) };
        if (this.chance(0.6)) {
          const positive = answer.length === 3 && this.chance(0.5) ? [33.33333, 33.33333, 33.33334] : this.split(100, answer.length);
          const weights: Record<string, number> = {};
          answer.forEach((id, k) => (weights[id] = positive[k]!));
          for (const o of opts) if (!answer.includes(o.id) && this.chance(0.8)) weights[o.id] = this.pick([0, -25, -50, -100, -12.5]);
          q.weights = weights;
        }
        input = q as QuestionInput;
        break;
      }
      case 'true_false':
        input = { ...common, type, answer: this.chance(0.5) } as QuestionInput;
        break;
      case 'short_answer':
        input = {
          ...common,
          type,
          answer: Array.from({ length: this.int(1, 4) }, () => this.text(3, { newlines: false })),
          matching: { caseSensitive: this.chance(0.3), ignoreDiacritics: this.chance(0.7), ignoreExtraSpaces: this.chance(0.7) },
        } as QuestionInput;
        break;
      case 'ordering': {
        const opts = options(2, 6);
        input = { ...common, type, options: opts, answer: this.shuffle(opts.map((o) => o.id)), scoring: this.pick(['all_or_nothing', 'partial']) } as QuestionInput;
        break;
      }
      case 'numerical': {
        const num = () => this.pick([0, 1, -3, 3.14, 1000000, 0.001, -2.5, 42]) + this.int(0, 9);
        const answer = Array.from({ length: this.int(1, 3) }, (_, k) => {
          const weight = k === 0 ? 100 : this.pick([50, 25, 100]);
          if (this.chance(0.4)) {
            const min = num();
            return { min, max: min + this.int(0, 10), weight };
          }
          return { value: num(), tolerance: this.pick([0, 0.01, 0.5, 2]), weight };
        });
        const q: Record<string, unknown> = { ...common, type, answer };
        if (this.chance(0.3)) q.unit = this.pick(['km', '%', 'GB', 'đồng']);
        if (this.chance(0.3)) {
          q.display = 'slider';
          q.slider = { min: -100, max: 2000000, step: this.pick([500, 1000]) };
          answer[0] = { min: 0, max: 1000, weight: 100 };
        }
        input = q as QuestionInput;
        break;
      }
      case 'matching': {
        const opts = options(2, 8).map((o, k) => ({ ...o, match: { vi: `${this.text(3, { newlines: false })} ${k}`, en: this.chance(0.8) ? `${this.text(3, { newlines: false })} ${k}` : '' } }));
        input = { ...common, type, options: opts, scoring: this.pick(['all_or_nothing', 'partial']) } as QuestionInput;
        break;
      }
    }
    return QuestionSchema.parse(input);
  }

  /** `count` questions with distinct ids (when they have one). */
  questions(count: number): Question[] {
    const out: Question[] = [];
    const ids = new Set<string>();
    for (let i = 0; i < count; i++) {
      const q = this.question(i + 1);
      if (q.id && ids.has(q.id)) delete q.id;
      if (q.id) ids.add(q.id);
      out.push(q);
    }
    return out;
  }
}
