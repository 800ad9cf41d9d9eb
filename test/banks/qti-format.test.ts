import { unzipSync, strFromU8 } from 'fflate';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { exportBank } from '../../src/banks/formats/index.ts';
import { QuestionSchema, type Question, type QuestionInput } from '../../src/banks/question-schema.ts';
import { QuestionGenerator } from './question-generator.ts';

/**
 * QTI 3.0 export: the IMS package structure (manifest ↔ files ↔ test), well-formed
 * XML in the QTI 3.0 namespace, and the keys each item carries. The 1EdTech XSDs are
 * not published in a registry package, so the structure is tested instead.
 */
const q = (input: QuestionInput): Question => QuestionSchema.parse(input);
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => ['resource', 'file', 'dependency', 'qti-value', 'qti-map-entry', 'qti-simple-choice', 'qti-assessment-item-ref', 'qti-simple-match-set', 'qti-simple-associable-choice', 'qti-response-else-if'].includes(n) });
const prompt = { vi: 'Câu hỏi **đậm**', en: 'Question' };

const BANK = [
  q({ id: 'sc', type: 'single_choice', prompt, options: [{ id: 'a', text: { vi: 'A & B' } }, { id: 'b', text: { vi: '<b>' } }], answer: 'b', explanation: { vi: 'Vì *thế*' } }),
  q({ id: 'mc', type: 'multiple_choice', prompt, options: [{ id: 'a', text: { vi: 'x' } }, { id: 'b', text: { vi: 'y' } }, { id: 'c', text: { vi: 'z' } }], answer: ['a', 'b'], scoring: 'partial' }),
  q({ id: 'tf', type: 'true_false', prompt, answer: false }),
  q({ id: 'sa', type: 'short_answer', prompt, answer: ['Hà Nội', 'Ha Noi'] }),
  q({ id: 'or', type: 'ordering', prompt, options: [{ id: 'a', text: { vi: '1' } }, { id: 'b', text: { vi: '2' } }], answer: ['b', 'a'] }),
  q({ id: 'nu', type: 'numerical', prompt, answer: [{ value: 3, tolerance: 0, weight: 50 }, { value: 3.14, tolerance: 0.01 }, { min: 10, max: 20, weight: 25 }], unit: 'km' }),
  q({ id: 'ma', type: 'matching', prompt, options: [{ id: 'a', text: { vi: 'Việt Nam' }, match: { vi: 'Hà Nội' } }, { id: 'b', text: { vi: 'Lào' }, match: { vi: 'Viêng Chăn' } }] }),
  q({ id: '1.x', type: 'true_false', prompt, answer: true, image: { url: '/uploads/x.png' } }),
];

function unpack(bytes: Uint8Array) {
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strFromU8(v)]));
}

describe('QTI 3.0 export', () => {
  const out = exportBank('qti', { meta: { slug: 'lop-8a', title: { vi: 'Lớp 8A' } }, questions: BANK }, { lang: 'vi' });
  const files = unpack(out.bytes!);

  it('is an IMS content package: a manifest naming the test and every item, each file present', () => {
    expect(out.text).toBe('');
    expect(Object.keys(files).sort()).toEqual(['imsmanifest.xml', 'items/Q_1.x.xml', 'items/Q_ma.xml', 'items/Q_mc.xml', 'items/Q_nu.xml', 'items/Q_or.xml', 'items/Q_sa.xml', 'items/Q_sc.xml', 'items/Q_tf.xml', 'tests/T_lop-8a.xml']);
    for (const [name, xml] of Object.entries(files)) expect(XMLValidator.validate(xml), name).toBe(true);
    const manifest = parser.parse(files['imsmanifest.xml']!).manifest;
    expect(manifest.xmlns).toBe('http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1');
    expect(manifest.metadata).toEqual({ schema: 'QTI Package', schemaversion: '3.0.0' });
    const resources = manifest.resources.resource as Array<{ identifier: string; type: string; href: string; file: Array<{ href: string }>; dependency?: Array<{ identifierref: string }> }>;
    expect(resources.map((r) => r.type)).toEqual(['imsqti_test_xmlv3p0', ...BANK.map(() => 'imsqti_item_xmlv3p0')]);
    for (const r of resources) {
      expect(files[r.href]).toBeDefined();
      expect(r.file.map((f) => f.href)).toEqual([r.href]);
    }
    expect(resources[0]!.dependency!.map((d) => d.identifierref)).toEqual(resources.slice(1).map((r) => r.identifier));
    const test = parser.parse(files['tests/T_lop-8a.xml']!)['qti-assessment-test'];
    expect(test.title).toBe('Lớp 8A');
    const refs = test['qti-test-part']['qti-assessment-section']['qti-assessment-item-ref'] as Array<{ identifier: string; href: string }>;
    expect(refs.map((r) => r.identifier)).toEqual(resources.slice(1).map((r) => r.identifier));
    for (const r of refs) expect(files[r.href.replace('../', '')]).toBeDefined();
  });

  const item = (id: string) => parser.parse(files[`items/Q_${id}.xml`]!)['qti-assessment-item'];
  const correct = (id: string) => item(id)['qti-response-declaration']['qti-correct-response']['qti-value'];

  it('carries each key in QTI terms, with XHTML bodies', () => {
    const sc = item('sc');
    expect(sc.xmlns).toBe('http://www.imsglobal.org/xsd/imsqtiasi_v3p0');
    expect(sc['xml:lang']).toBe('vi');
    expect(correct('sc')).toEqual(['C_b']);
    expect(sc['qti-item-body']['qti-choice-interaction']['max-choices']).toBe('1');
    expect(sc['qti-response-processing'].template).toBe('https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml');
    expect(files['items/Q_sc.xml']).toContain('<div class="prompt"><p>Câu hỏi <strong>đậm</strong></p></div>');
    expect(files['items/Q_sc.xml']).toContain('<qti-simple-choice identifier="C_b">&lt;b&gt;</qti-simple-choice>');
    expect(files['items/Q_sc.xml']).toContain('<qti-modal-feedback outcome-identifier="FEEDBACK" identifier="EXPLANATION" show-hide="show"><qti-content-body><p>Vì <em>thế</em></p></qti-content-body></qti-modal-feedback>');
    expect(correct('mc')).toEqual(['C_a', 'C_b']);
    expect(item('mc')['qti-response-declaration']['qti-mapping']['qti-map-entry'].map((e: { 'map-key': string; 'mapped-value': string }) => [e['map-key'], e['mapped-value']])).toEqual([['C_a', '0.5'], ['C_b', '0.5'], ['C_c', '-1']]);
    expect(correct('tf')).toEqual(['C_false']);
    expect(item('sa')['qti-response-declaration']['qti-mapping']['qti-map-entry'].map((e: { 'map-key': string }) => e['map-key'])).toEqual(['Hà Nội', 'Ha Noi']);
    expect(item('or')['qti-response-declaration'].cardinality).toBe('ordered');
    expect(correct('or')).toEqual(['C_b', 'C_a']);
    expect(correct('ma')).toEqual(['L_a R_a', 'L_b R_b']);
    expect(item('ma')['qti-item-body']['qti-match-interaction']['qti-simple-match-set']).toHaveLength(2);
  });

  it('scores numerical answers best weight first, with absolute tolerance or a range', () => {
    const rp = item('nu')['qti-response-processing']['qti-response-condition'];
    expect(rp['qti-response-if']['qti-equal']).toMatchObject({ 'tolerance-mode': 'absolute', tolerance: '0.01 0.01', 'qti-base-value': { '#text': 3.14 } });
    expect(rp['qti-response-if']['qti-set-outcome-value']['qti-base-value']['#text']).toBe(1);
    expect(rp['qti-response-else-if'].map((b: Record<string, { 'qti-base-value': { '#text': number } }>) => b['qti-set-outcome-value']!['qti-base-value']['#text'])).toEqual([0.5, 0.25]);
    expect(rp['qti-response-else-if'][1]['qti-and']).toBeDefined();
    expect(files['items/Q_nu.xml']).toContain('expected-length="12"/> km');
  });

  it('reports what it leaves out, and writes valid XML for 500 generated questions', () => {
    expect(out.skipped).toEqual([{ id: '1.x', reason: 'the uploaded image is not in the package: QTI items here link images by https URL only' }]);
    const many = new QuestionGenerator(7).questions(500);
    const big = unpack(exportBank('qti', { meta: { slug: 'gen' }, questions: many }, { lang: 'en' }).bytes!);
    expect(Object.keys(big).filter((k) => k.startsWith('items/'))).toHaveLength(500);
    for (const [name, xml] of Object.entries(big)) expect(XMLValidator.validate(xml), name).toBe(true);
  });
});
