import { describe, expect, it } from 'vitest';
import { CSV_BASE_COLUMNS, CSV_EXTRA_COLUMNS, exportCsv, parseCsv } from '../../src/banks/formats/csv-format.ts';
import { readCsv, writeCsv } from '../../src/banks/formats/csv-records.ts';
import { QuestionSchema, type QuestionInput } from '../../src/banks/question-schema.ts';

const q = (input: QuestionInput) => QuestionSchema.parse(input);

describe('CSV records', () => {
  it('reads quoted fields with separators, doubled quotes and line breaks, reporting start lines', () => {
    expect(readCsv('a,b,c\r\n1,"x, ""y""\r\nz",3\r\n4,5,6')).toEqual({
      separator: ',',
      records: [
        { line: 1, fields: ['a', 'b', 'c'] },
        { line: 2, fields: ['1', 'x, "y"\nz', '3'] },
        { line: 4, fields: ['4', '5', '6'] },
      ],
    });
  });

  it('detects semicolons from the header, honours Excel\'s sep= line and drops the BOM', () => {
    expect(readCsv('\uFEFFa;b\n"1,5";2\n')).toEqual({ separator: ';', records: [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['1,5', '2'] }] });
    expect(readCsv('sep=,\r\na;b,c\r\n')).toEqual({ separator: ',', records: [{ line: 2, fields: ['a;b', 'c'] }] });
  });

  it('reports a quote that is never closed', () => {
    expect(readCsv('a,b\n1,2\n3,"open\n4,5\n')).toEqual({
      separator: ',',
      records: [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['1', '2'] }],
      unclosedQuote: { line: 3, quoteLine: 3 },
    });
  });

  it('writes a BOM, CRLF line ends and quotes only where needed', () => {
    expect(writeCsv([['a', 'b c', 'd,e', 'f"g', 'h\ni', ' j']])).toBe('\uFEFFa,b c,"d,e","f""g","h\ni"," j"\r\n');
  });
});

describe('CSV import', () => {
  const header = 'id,type,prompt_vi,prompt_en,option_1_vi,option_1_en,option_2_vi,option_2_en,option_3_vi,option_3_en,correct,scoring,explanation_vi,explanation_en,competences,difficulty,grade_bands,time_limit_sec,points,source,tags';

  it('reads every question type', () => {
    const text = [
      header,
      'sc-1,single_choice,Mật khẩu nào mạnh?,Which password is strong?,123456,123456,Tr0ng!Dài,Str0ng!Long,,,2,,Dài và khó đoán,Long and hard to guess,4.2|4.1,1,TC1|TC2,30,2,Thông tư 02,an toàn|mật khẩu',
      'mc-1,multiple_choice,Chọn hai,Pick two,A,A,B,B,C,C,1|3,partial,,,4.2,3,,,0,,',
      'tf-1,true_false,Wi-Fi công cộng an toàn?,Is public Wi-Fi safe?,,,,,,,sai,,,,,,,,,,',
      'sa-1,short_answer,Thủ đô?,Capital?,,,,,,,Hà Nội|Ha Noi|Hanoi,,,,,,,,,,',
      'or-1,ordering,Sắp xếp,Order,Một,One,Hai,Two,Ba,Three,3|1|2,all_or_nothing,,,,,,,,,',
    ].join('\r\n');
    expect(parseCsv(text)).toEqual({
      questions: [
        {
          line: 2,
          question: q({
            id: 'sc-1',
            type: 'single_choice',
            prompt: { vi: 'Mật khẩu nào mạnh?', en: 'Which password is strong?' },
            options: [
              { id: 'a', text: { vi: '123456', en: '123456' } },
              { id: 'b', text: { vi: 'Tr0ng!Dài', en: 'Str0ng!Long' } },
            ],
            answer: 'b',
            explanation: { vi: 'Dài và khó đoán', en: 'Long and hard to guess' },
            competences: ['4.2', '4.1'],
            difficulty: 1,
            gradeBands: ['TC1', 'TC2'],
            timeLimitSec: 30,
            points: 2,
            source: 'Thông tư 02',
            tags: ['an toàn', 'mật khẩu'],
          }),
        },
        {
          line: 3,
          question: q({
            id: 'mc-1',
            type: 'multiple_choice',
            prompt: { vi: 'Chọn hai', en: 'Pick two' },
            options: ['A', 'B', 'C'].map((t, i) => ({ id: 'abc'[i]!, text: { vi: t, en: t } })),
            answer: ['a', 'c'],
            scoring: 'partial',
            competences: ['4.2'],
            difficulty: 3,
            points: 0,
          }),
        },
        { line: 4, question: q({ id: 'tf-1', type: 'true_false', prompt: { vi: 'Wi-Fi công cộng an toàn?', en: 'Is public Wi-Fi safe?' }, answer: false }) },
        { line: 5, question: q({ id: 'sa-1', type: 'short_answer', prompt: { vi: 'Thủ đô?', en: 'Capital?' }, answer: ['Hà Nội', 'Ha Noi', 'Hanoi'] }) },
        {
          line: 6,
          question: q({
            id: 'or-1',
            type: 'ordering',
            prompt: { vi: 'Sắp xếp', en: 'Order' },
            options: [
              { id: 'a', text: { vi: 'Một', en: 'One' } },
              { id: 'b', text: { vi: 'Hai', en: 'Two' } },
              { id: 'c', text: { vi: 'Ba', en: 'Three' } },
            ],
            answer: ['c', 'a', 'b'],
            scoring: 'all_or_nothing',
          }),
        },
      ],
      skipped: [],
    });
  });

  it('reads Vietnamese Excel: BOM, semicolons, free column order, odd header case, quoted line breaks and NFD text', () => {
    const text = `\uFEFF Correct ;Prompt VI;OPTION_1_VI;option_2_vi;Type\r\nB;"Mật khẩu\r\nnào mạnh?";"a;b";"Dài ""và"" khó";\r\nĐúng;Đúng không?;;;true_false\r\n`.normalize('NFD');
    expect(parseCsv(text)).toEqual({
      questions: [
        { line: 2, question: q({ type: 'single_choice', prompt: { vi: 'Mật khẩu\nnào mạnh?' }, options: [{ id: 'a', text: { vi: 'a;b' } }, { id: 'b', text: { vi: 'Dài "và" khó' } }], answer: 'b' }) },
        { line: 4, question: q({ type: 'true_false', prompt: { vi: 'Đúng không?' }, answer: true }) },
      ],
      skipped: [],
    });
  });

  it('accepts the documented spellings of true and false', () => {
    const answers = ['true', 'FALSE', 'đúng', 'Sai', 't', 'f', '1', '0'].map((c) => (parseCsv(`type,prompt_vi,correct\ntrue_false,x,${c}`).questions[0]?.question as { answer?: unknown } | undefined)?.answer);
    expect(answers).toEqual([true, false, true, false, true, false, true, false]);
  });

  it('splits lists on | or , and keeps a comma tag whole when | is used', () => {
    const r = parseCsv('prompt_vi,type,correct,competences,grade_bands,tags\nx,true_false,1,"4.2, 4.3","tc1,NC1","Hà Nội, Việt Nam|an toàn"\ny,true_false,1,4.2|1.1,TC1,"a, b"');
    expect(r.skipped).toEqual([]);
    expect(r.questions.map((p) => [p.question.competences, p.question.gradeBands, p.question.tags])).toEqual([
      [['4.2', '4.3'], ['TC1', 'NC1'], ['Hà Nội, Việt Nam', 'an toàn']],
      [['4.2', '1.1'], ['TC1'], ['a', 'b']],
    ]);
  });

  it('reads the optional columns: weights, question feedback, matching, option ids and image', () => {
    const text = [
      'type,prompt_vi,option_1_vi,option_2_vi,option_3_vi,correct,weights,feedback_correct_vi,feedback_incorrect_en,option_ids,image_url,image_alt_vi,case_sensitive,ignore_diacritics,ignore_extra_spaces',
      'multiple_choice,x,A,B,C,1|2,"50|50,0|-100",Giỏi,Oops,p|q|r,https://example.org/a.png,Ảnh,,,',
      'short_answer,y,,,,C:\\temp|a\\|b,,,,,,,có,không,',
    ].join('\n');
    expect(parseCsv(text)).toEqual({
      questions: [
        {
          line: 2,
          question: q({
            type: 'multiple_choice',
            prompt: { vi: 'x' },
            options: ['A', 'B', 'C'].map((t, i) => ({ id: 'pqr'[i]!, text: { vi: t } })),
            answer: ['p', 'q'],
            weights: { p: 50, q: 50, r: -100 },
            feedback: { correct: { vi: 'Giỏi' }, incorrect: { en: 'Oops' } },
            image: { url: 'https://example.org/a.png', alt: { vi: 'Ảnh' } },
          }),
        },
        {
          line: 3,
          question: q({ type: 'short_answer', prompt: { vi: 'y' }, answer: ['C:\\temp', 'a|b'], matching: { caseSensitive: true, ignoreDiacritics: false, ignoreExtraSpaces: true } }),
        },
      ],
      skipped: [],
    });
  });

  it('reports unknown and repeated columns on the header line but still imports', () => {
    const r = parseCsv('prompt_vi,type,correct,ghi chú,Prompt_VI,notes\nx,true_false,1,hello,y,z');
    expect(r.skipped).toEqual([
      { line: 1, reason: 'unknown columns ignored: "ghi chú", "notes"' },
      { line: 1, reason: 'columns given twice, only the first is read: prompt_vi' },
    ]);
    expect(r.questions).toEqual([{ line: 2, question: q({ type: 'true_false', prompt: { vi: 'x' }, answer: true }) }]);
  });

  it('refuses a file without a prompt column', () => {
    expect(parseCsv('question,answer\nx,y')).toEqual({
      questions: [],
      skipped: [{ line: 1, reason: 'the header has no prompt_vi or prompt_en column (see docs/formats.md for the column names)' }],
    });
    expect(parseCsv('')).toEqual({ questions: [], skipped: [] });
  });

  it('reports each bad row on the physical line where it starts', () => {
    const text = [
      'id,type,prompt_vi,option_1_vi,option_2_vi,option_3_vi,correct,difficulty,scoring', // 1
      'a1,,"Hai dòng', // 2
      'ở đây",A,B,,4,,', // 3
      'a2,,Thiếu lựa chọn 2,A,,C,1,,', // 4
      'a3,true_false,Có lựa chọn,A,,,đúng,,', // 5
      'a4,short_answer,Trống,,,,,,', // 6
      'a5,true_false,Khó,,,,có lẽ,cao,', // 7
      'a6,true_false,Điểm,,,,1,,partial', // 8
      'a7,,Không loại,,,,1,,', // 9
      'a8,essay,Tự luận,,,,x,,', // 10
      'a9,true_false,Thừa ô,,,,1,,,thừa', // 11
      'ok,multiple_choice,Được,A,B,,1|B,2,', // 12
      ',,,,,,,,', // 13: an empty spreadsheet row
      'ok,true_false,Trùng id,,,,1,,', // 14
      'a10,true_false,"không đóng,,,,1,,', // 15
    ].join('\n');
    expect(parseCsv(text)).toEqual({
      questions: [{ line: 12, question: q({ id: 'ok', type: 'multiple_choice', prompt: { vi: 'Được' }, options: [{ id: 'a', text: { vi: 'A' } }, { id: 'b', text: { vi: 'B' } }], answer: ['a', 'b'] }) }],
      skipped: [
        { line: 2, reason: 'correct: "4" is not an option number 1–2' },
        { line: 4, reason: 'option 2 is empty but option 3 is filled' },
        { line: 5, reason: 'true_false takes no options' },
        { line: 6, reason: 'correct is empty' },
        { line: 7, reason: 'correct: "có lẽ" is not true/false (đúng/sai); difficulty: "cao" is not a number' },
        { line: 8, reason: 'scoring applies to multiple_choice, ordering and matching, not true_false' },
        { line: 9, reason: 'type is required for a row without options' },
        { line: 10, reason: "invalid question: type: Invalid discriminator value. Expected 'single_choice' | 'multiple_choice' | 'true_false' | 'short_answer' | 'ordering' | 'numerical' | 'matching'" },
        { line: 11, reason: 'row has 10 cells but the header has 9; a separator inside a cell must be quoted' },
        { line: 14, reason: 'duplicate id "ok" (first used on line 12)' },
        { line: 15, reason: 'a quote opened on line 15 is never closed; the rest of the file from line 15 could not be read' },
      ],
    });
  });

  it('removes the formula guard written by the export, once', () => {
    // The guard belongs to the cell, not to the items of a list inside it.
    const r = parseCsv("type,prompt_vi,correct\nshort_answer,'=1+1,'-5|''=x|'a\nshort_answer,''@x,''=y");
    expect(r.skipped).toEqual([]);
    expect(r.questions.map((p) => [p.question.prompt.vi, (p.question as { answer?: unknown }).answer])).toEqual([
      ['=1+1', ['-5', "''=x", "'a"]],
      ["'@x", ["'=y"]],
    ]);
  });
});

describe('CSV export', () => {
  it('writes the documented header, a BOM, CRLF and both languages for every type', () => {
    const questions = [
      q({
        id: 'sc-1',
        type: 'single_choice',
        prompt: { vi: 'Mật khẩu, "mạnh"?', en: 'Strong?' },
        options: [
          { id: 'a', text: { vi: '=SUM(A1)' }, feedback: { vi: 'bị bỏ' } },
          { id: 'b', text: { vi: 'Dài\nkhó', en: 'Long' } },
        ],
        answer: 'b',
        competences: ['4.2', '4.1'],
        gradeBands: ['TC1'],
        tags: ['Hà Nội, Việt Nam'],
      }),
      q({ type: 'short_answer', prompt: { en: 'Path?' }, answer: ['C:\\temp\\', 'a|b'], matching: { caseSensitive: true } }),
    ];
    const r = exportCsv({ meta: {}, questions });
    expect(r.skipped).toEqual([]);
    // Numerical and matching columns are written only for banks with such questions.
    const header = [...CSV_BASE_COLUMNS, ...CSV_EXTRA_COLUMNS.filter((c) => !/^(unit|display|slider|match_.*)$/.test(c))].join(',');
    expect(header).toBe(
      'id,type,prompt_vi,prompt_en,option_1_vi,option_1_en,option_2_vi,option_2_en,option_3_vi,option_3_en,option_4_vi,option_4_en,option_5_vi,option_5_en,option_6_vi,option_6_en,correct,scoring,explanation_vi,explanation_en,competences,difficulty,grade_bands,time_limit_sec,points,source,tags,weights,feedback_correct_vi,feedback_correct_en,feedback_incorrect_vi,feedback_incorrect_en,case_sensitive,ignore_diacritics,ignore_extra_spaces,option_ids,image_url,image_alt_vi,image_alt_en',
    );
    expect(r.text).toBe(
      `\uFEFF${header}\r\n` +
        `sc-1,single_choice,"Mật khẩu, ""mạnh""?",Strong?,'=SUM(A1),,"Dài\nkhó",Long,,,,,,,,,2,,,,4.2|4.1,2,TC1,,1,,"Hà Nội, Việt Nam|",,,,,,,,,,,,\r\n` +
        `,short_answer,,Path?,,,,,,,,,,,,,C:\\temp\\\\|a\\|b,,,,,2,,,1,,,,,,,,true,true,true,,,,\r\n`,
    );
    const back = parseCsv(r.text);
    expect(back.skipped).toEqual([]);
    // Per-option feedback is the one thing CSV does not carry.
    const withoutOptionFeedback = q({
      id: 'sc-1',
      type: 'single_choice',
      prompt: { vi: 'Mật khẩu, "mạnh"?', en: 'Strong?' },
      options: [
        { id: 'a', text: { vi: '=SUM(A1)' } },
        { id: 'b', text: { vi: 'Dài\nkhó', en: 'Long' } },
      ],
      answer: 'b',
      competences: ['4.2', '4.1'],
      gradeBands: ['TC1'],
      tags: ['Hà Nội, Việt Nam'],
    });
    expect(back.questions.map((p) => p.question)).toEqual([withoutOptionFeedback, questions[1]]);
  });

  it('adds option 7 and 8 columns only when a multiple-choice question needs them', () => {
    const mc = q({ type: 'multiple_choice', prompt: { vi: 'x' }, options: 'abcdefgh'.split('').map((id) => ({ id, text: { vi: id.toUpperCase() } })), answer: ['h'] });
    const r = exportCsv({ meta: {}, questions: [mc] });
    expect(r.text.split('\r\n')[0]).toContain('option_6_en,option_7_vi,option_7_en,option_8_vi,option_8_en,correct');
    expect(parseCsv(r.text).questions.map((p) => p.question)).toEqual([mc]);
  });
});
