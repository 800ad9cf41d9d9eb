import { strToU8, zipSync } from 'fflate';
import { pick, type Language } from '../../shared/localized.ts';
import { renderMarkdown } from '../markdown.ts';
import type { Question } from '../question-schema.ts';
import type { ExportBank, ExportResult, ExportSkip, ParseOptions } from './format-types.ts';
import { exportLabel } from './question-result.ts';

/**
 * QTI 3.0 export (1EdTech Question and Test Interoperability) as an IMS content
 * package: a zip with `imsmanifest.xml`, one `items/<id>.xml` assessment item per
 * question and `tests/<slug>.xml`, an assessment test listing them in order. Each
 * item carries its correct response and scoring (standard response-processing
 * templates where one fits, explicit rules for numerical tolerances and ranges),
 * so another platform can grade it. One language (`lang`), like the Moodle formats.
 *
 * The zip is written with fflate (small, dependency-free, maintained).
 */

const NS = 'http://www.imsglobal.org/xsd/imsqtiasi_v3p0';
const SCHEMA = 'https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd';
const CP_NS = 'http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1';
const CP_SCHEMA = 'https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd';
const TEMPLATE = 'https://purl.imsglobal.org/spec/qti/v3p0/rptemplates';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** The Markdown subset as XHTML (QTI bodies are XML). */
const xhtml = (md: string) => renderMarkdown(md).replace(/<br>/g, '<br/>');
/** An XML identifier (NCName): civiq ids may start with a digit or hold dots. */
export const qtiId = (prefix: string, id: string) => `${prefix}${id.replace(/[^A-Za-z0-9_.-]/g, '_')}`;

function numberValue(n: number): string {
  return String(n);
}

interface ItemParts {
  declaration: string;
  interaction: string;
  processing: string;
}

function itemParts(q: Question, T: (t: { vi: string; en: string }) => string): ItemParts {
  const choice = (prefix: string, id: string) => qtiId(prefix, id);
  switch (q.type) {
    case 'single_choice':
    case 'true_false': {
      const options = q.type === 'true_false' ? [{ id: 'true', text: T({ vi: 'Đúng', en: 'True' }) }, { id: 'false', text: T({ vi: 'Sai', en: 'False' }) }] : q.options.map((o) => ({ id: o.id, text: T(o.text) }));
      const right = q.type === 'true_false' ? String(q.answer) : q.answer;
      return {
        declaration: `<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier"><qti-correct-response><qti-value>${choice('C_', right)}</qti-value></qti-correct-response></qti-response-declaration>`,
        interaction: `<qti-choice-interaction response-identifier="RESPONSE" shuffle="${q.type !== 'true_false'}" max-choices="1">${options.map((o) => `<qti-simple-choice identifier="${choice('C_', o.id)}">${esc(o.text)}</qti-simple-choice>`).join('')}</qti-choice-interaction>`,
        processing: `<qti-response-processing template="${TEMPLATE}/match_correct.xml"/>`,
      };
    }
    case 'multiple_choice': {
      const ids = q.options.map((o) => o.id);
      const weights = q.weights ?? Object.fromEntries(ids.map((id) => [id, q.answer.includes(id) ? 100 / q.answer.length : -100 / Math.max(1, ids.length - q.answer.length)]));
      const mapping =
        q.scoring === 'partial'
          ? `<qti-mapping lower-bound="0" upper-bound="1" default-value="0">${ids.map((id) => `<qti-map-entry map-key="${choice('C_', id)}" mapped-value="${numberValue(Number(((weights[id] ?? 0) / 100).toFixed(6)))}"/>`).join('')}</qti-mapping>`
          : '';
      return {
        declaration: `<qti-response-declaration identifier="RESPONSE" cardinality="multiple" base-type="identifier"><qti-correct-response>${q.answer.map((a) => `<qti-value>${choice('C_', a)}</qti-value>`).join('')}</qti-correct-response>${mapping}</qti-response-declaration>`,
        interaction: `<qti-choice-interaction response-identifier="RESPONSE" shuffle="true" max-choices="0">${q.options.map((o) => `<qti-simple-choice identifier="${choice('C_', o.id)}">${esc(T(o.text))}</qti-simple-choice>`).join('')}</qti-choice-interaction>`,
        processing: `<qti-response-processing template="${TEMPLATE}/${q.scoring === 'partial' ? 'map_response' : 'match_correct'}.xml"/>`,
      };
    }
    case 'short_answer': {
      const cs = q.matching.caseSensitive;
      return {
        declaration: `<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string"><qti-correct-response><qti-value>${esc(q.answer[0]!)}</qti-value></qti-correct-response><qti-mapping default-value="0">${q.answer.map((a) => `<qti-map-entry map-key="${esc(a)}" mapped-value="1" case-sensitive="${cs}"/>`).join('')}</qti-mapping></qti-response-declaration>`,
        interaction: `<qti-text-entry-interaction response-identifier="RESPONSE" expected-length="${Math.max(10, ...q.answer.map((a) => a.length))}"/>`,
        processing: `<qti-response-processing template="${TEMPLATE}/map_response.xml"/>`,
      };
    }
    case 'ordering':
      return {
        declaration: `<qti-response-declaration identifier="RESPONSE" cardinality="ordered" base-type="identifier"><qti-correct-response>${q.answer.map((a) => `<qti-value>${choice('C_', a)}</qti-value>`).join('')}</qti-correct-response></qti-response-declaration>`,
        interaction: `<qti-order-interaction response-identifier="RESPONSE" shuffle="true">${q.options.map((o) => `<qti-simple-choice identifier="${choice('C_', o.id)}">${esc(T(o.text))}</qti-simple-choice>`).join('')}</qti-order-interaction>`,
        processing: `<qti-response-processing template="${TEMPLATE}/match_correct.xml"/>`,
      };
    case 'matching': {
      const pairs = q.options.map((o) => `${choice('L_', o.id)} ${choice('R_', o.id)}`);
      const mapping = `<qti-mapping lower-bound="0" upper-bound="1" default-value="0">${pairs.map((p) => `<qti-map-entry map-key="${p}" mapped-value="${numberValue(Number((1 / pairs.length).toFixed(6)))}"/>`).join('')}</qti-mapping>`;
      return {
        declaration: `<qti-response-declaration identifier="RESPONSE" cardinality="multiple" base-type="directedPair"><qti-correct-response>${pairs.map((p) => `<qti-value>${p}</qti-value>`).join('')}</qti-correct-response>${q.scoring === 'partial' ? mapping : ''}</qti-response-declaration>`,
        interaction: `<qti-match-interaction response-identifier="RESPONSE" shuffle="true" max-associations="${q.options.length}"><qti-simple-match-set>${q.options.map((o) => `<qti-simple-associable-choice identifier="${choice('L_', o.id)}" match-max="1">${esc(T(o.text))}</qti-simple-associable-choice>`).join('')}</qti-simple-match-set><qti-simple-match-set>${q.options.map((o) => `<qti-simple-associable-choice identifier="${choice('R_', o.id)}" match-max="1">${esc(T(o.match))}</qti-simple-associable-choice>`).join('')}</qti-simple-match-set></qti-match-interaction>`,
        processing: `<qti-response-processing template="${TEMPLATE}/${q.scoring === 'partial' ? 'map_response' : 'match_correct'}.xml"/>`,
      };
    }
    case 'numerical': {
      // Best weight first, so the first branch that matches gives the score.
      const answers = [...q.answer].sort((a, b) => b.weight - a.weight);
      const test = (a: (typeof answers)[number]) =>
        'min' in a
          ? `<qti-and><qti-gte><qti-variable identifier="RESPONSE"/><qti-base-value base-type="float">${numberValue(a.min)}</qti-base-value></qti-gte><qti-lte><qti-variable identifier="RESPONSE"/><qti-base-value base-type="float">${numberValue(a.max)}</qti-base-value></qti-lte></qti-and>`
          : `<qti-equal tolerance-mode="absolute" tolerance="${numberValue(a.tolerance)} ${numberValue(a.tolerance)}" include-lower-bound="true" include-upper-bound="true"><qti-variable identifier="RESPONSE"/><qti-base-value base-type="float">${numberValue(a.value)}</qti-base-value></qti-equal>`;
      const set = (w: number) => `<qti-set-outcome-value identifier="SCORE"><qti-base-value base-type="float">${numberValue(w / 100)}</qti-base-value></qti-set-outcome-value>`;
      const branches = answers.map((a, k) => `<qti-response-${k === 0 ? 'if' : 'else-if'}>${test(a)}${set(a.weight)}</qti-response-${k === 0 ? 'if' : 'else-if'}>`).join('');
      const best = answers[0]!;
      return {
        declaration: `<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="float"><qti-correct-response><qti-value>${numberValue('min' in best ? best.min : best.value)}</qti-value></qti-correct-response></qti-response-declaration>`,
        interaction: `<qti-text-entry-interaction response-identifier="RESPONSE" base="10" expected-length="12"/>${q.unit ? ` ${esc(q.unit)}` : ''}`,
        processing: `<qti-response-processing><qti-response-condition>${branches}<qti-response-else>${set(0)}</qti-response-else></qti-response-condition></qti-response-processing>`,
      };
    }
  }
}

function itemXml(q: Question, identifier: string, lang: Language, imageUrl: string | undefined): string {
  const T = (t: { vi: string; en: string }) => pick(t, lang);
  const parts = itemParts(q, T);
  const image = imageUrl ? `<p><img src="${esc(imageUrl)}" alt="${esc(q.image?.alt ? T(q.image.alt) : '')}"/></p>` : '';
  const feedback = q.explanation ? `<qti-modal-feedback outcome-identifier="FEEDBACK" identifier="EXPLANATION" show-hide="show"><qti-content-body>${xhtml(T(q.explanation))}</qti-content-body></qti-modal-feedback>` : '';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<qti-assessment-item xmlns="${NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${NS} ${SCHEMA}" identifier="${identifier}" title="${esc(T(q.prompt).replace(/\s+/g, ' ').slice(0, 120))}" adaptive="false" time-dependent="false" xml:lang="${lang}">`,
    parts.declaration,
    '<qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float"><qti-default-value><qti-value>0</qti-value></qti-default-value></qti-outcome-declaration>',
    q.explanation ? '<qti-outcome-declaration identifier="FEEDBACK" cardinality="single" base-type="identifier"><qti-default-value><qti-value>EXPLANATION</qti-value></qti-default-value></qti-outcome-declaration>' : '',
    `<qti-item-body><div class="prompt">${xhtml(T(q.prompt))}</div>${image}${parts.interaction}</qti-item-body>`,
    parts.processing,
    feedback,
    '</qti-assessment-item>',
    '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

/** Write a bank as a QTI 3.0 content package (zip bytes). */
export function exportQti(bank: ExportBank, opts: ParseOptions): ExportResult {
  const skipped: ExportSkip[] = [];
  const files: Record<string, Uint8Array> = {};
  const items: Array<{ identifier: string; href: string }> = [];
  const used = new Set<string>();
  bank.questions.forEach((q, i) => {
    let identifier = qtiId('Q_', q.id ?? `${i + 1}`);
    while (used.has(identifier)) identifier = `${identifier}_`;
    used.add(identifier);
    let imageUrl: string | undefined;
    if (q.image) {
      if (/^https:\/\//.test(q.image.url)) imageUrl = q.image.url;
      else skipped.push({ id: exportLabel(q, i), reason: 'the uploaded image is not in the package: QTI items here link images by https URL only' });
    }
    if (q.feedback || ('options' in q && q.options.some((o) => o.feedback))) skipped.push({ id: exportLabel(q, i), reason: 'right/wrong and per-option feedback are left out (the explanation is kept as modal feedback)' });
    const href = `items/${identifier}.xml`;
    files[href] = strToU8(itemXml(q, identifier, opts.lang, imageUrl));
    items.push({ identifier, href });
  });
  const slug = bank.meta.slug ?? 'bank';
  const title = bank.meta.title ? pick({ vi: bank.meta.title.vi ?? '', en: bank.meta.title.en ?? '' }, opts.lang) : slug;
  const testId = qtiId('T_', slug);
  const testHref = `tests/${testId}.xml`;
  files[testHref] = strToU8(
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<qti-assessment-test xmlns="${NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${NS} ${SCHEMA}" identifier="${testId}" title="${esc(title)}">`,
      '<qti-test-part identifier="P_1" navigation-mode="linear" submission-mode="individual">',
      '<qti-assessment-section identifier="S_1" title="Section 1" visible="true">',
      ...items.map((it) => `<qti-assessment-item-ref identifier="${it.identifier}" href="../${it.href}"/>`),
      '</qti-assessment-section>',
      '</qti-test-part>',
      '</qti-assessment-test>',
      '',
    ].join('\n'),
  );
  files['imsmanifest.xml'] = strToU8(
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<manifest xmlns="${CP_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${CP_NS} ${CP_SCHEMA}" identifier="M_${testId}">`,
      '<metadata><schema>QTI Package</schema><schemaversion>3.0.0</schemaversion></metadata>',
      '<organizations/>',
      '<resources>',
      `<resource identifier="${testId}" type="imsqti_test_xmlv3p0" href="${testHref}"><file href="${testHref}"/>${items.map((it) => `<dependency identifierref="${it.identifier}"/>`).join('')}</resource>`,
      ...items.map((it) => `<resource identifier="${it.identifier}" type="imsqti_item_xmlv3p0" href="${it.href}"><file href="${it.href}"/></resource>`),
      '</resources>',
      '</manifest>',
      '',
    ].join('\n'),
  );
  // A fixed date keeps the same bank giving the same bytes.
  const bytes = zipSync(files, { level: 6, mtime: new Date('2025-01-01T00:00:00Z') });
  return { text: '', bytes, skipped };
}
