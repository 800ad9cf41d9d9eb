/**
 * A teacher-readable diff between two versions of a bank: questions added,
 * removed and changed, and for each changed question the fields with their text
 * before and after (options and answers spelled out, not JSON). Pure: the
 * history page fetches both versions and renders this.
 */

interface Q {
  id: string;
  type: string;
  prompt: { vi: string; en: string };
  [k: string]: unknown;
}

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export interface VersionDiff {
  added: Array<{ id: string; prompt: string }>;
  removed: Array<{ id: string; prompt: string }>;
  changed: Array<{ id: string; prompt: string; fields: FieldChange[] }>;
  moved: number;
}

const loc = (v: unknown, lang: 'vi' | 'en'): string => {
  if (!v || typeof v !== 'object') return '';
  const l = v as { vi?: string; en?: string };
  return lang === 'en' ? `${l.en ?? ''}${l.vi ? ` / ${l.vi}` : ''}` : `${l.vi ?? ''}${l.en ? ` / ${l.en}` : ''}`;
};

/** A field's value as a line of text a teacher can read. */
export function describeField(q: Record<string, unknown>, field: string, lang: 'vi' | 'en'): string {
  const v = q[field];
  if (v === undefined || v === null) return '—';
  const options = (q.options as Array<{ id: string; text: { vi: string; en: string } }> | undefined) ?? [];
  const optionText = (id: string) => {
    const i = options.findIndex((o) => o.id === id);
    return i < 0 ? id : `${i + 1}. ${lang === 'en' ? options[i]!.text.en || options[i]!.text.vi : options[i]!.text.vi || options[i]!.text.en}`;
  };
  switch (field) {
    case 'prompt':
    case 'explanation':
    case 'title':
    case 'description':
      return loc(v, lang);
    case 'options':
      return (v as Array<{ text: unknown }>).map((o, i) => `${i + 1}. ${loc(o.text, lang)}`).join(' · ');
    case 'answer':
      if (typeof v === 'boolean') return lang === 'en' ? (v ? 'True' : 'False') : v ? 'Đúng' : 'Sai';
      if (typeof v === 'string') return optionText(v);
      if (Array.isArray(v)) return q.type === 'short_answer' ? v.join(' | ') : v.map((x) => optionText(String(x))).join(' · ');
      return JSON.stringify(v);
    case 'image':
      return String((v as { url?: string }).url ?? '');
    default:
      if (Array.isArray(v)) return v.length === 0 ? '—' : v.join(', ');
      if (typeof v === 'object') return JSON.stringify(v);
      return String(v);
  }
}

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, (x as Record<string, unknown>)[k]])) : x));

export function diffVersions(from: readonly Q[], to: readonly Q[], lang: 'vi' | 'en'): VersionDiff {
  const a = new Map(from.map((q) => [q.id, q]));
  const b = new Map(to.map((q) => [q.id, q]));
  const title = (q: Q) => (lang === 'en' ? q.prompt.en || q.prompt.vi : q.prompt.vi || q.prompt.en);
  const changed: VersionDiff['changed'] = [];
  for (const q of to) {
    const old = a.get(q.id);
    if (!old) continue;
    const keys = [...new Set([...Object.keys(old), ...Object.keys(q)])].filter((k) => k !== 'id' && canonical(old[k]) !== canonical(q[k])).sort();
    if (keys.length > 0) changed.push({ id: q.id, prompt: title(q), fields: keys.map((field) => ({ field, before: describeField(old, field, lang), after: describeField(q, field, lang) })) });
  }
  const common = to.filter((q) => a.has(q.id)).map((q) => q.id);
  const oldOrder = from.filter((q) => b.has(q.id)).map((q) => q.id);
  return {
    added: to.filter((q) => !a.has(q.id)).map((q) => ({ id: q.id, prompt: title(q) })),
    removed: from.filter((q) => !b.has(q.id)).map((q) => ({ id: q.id, prompt: title(q) })),
    changed,
    moved: common.filter((id, i) => oldOrder[i] !== id).length,
  };
}

/** Bank-level changes between two versions (title, description, visibility, licence…), in words. */
export function diffMeta(a: Record<string, unknown>, b: Record<string, unknown>, lang: 'vi' | 'en'): FieldChange[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== 'slug' && canonical(a[k]) !== canonical(b[k])).sort();
  return keys.map((field) => ({ field, before: describeField(a, field, lang), after: describeField(b, field, lang) }));
}
