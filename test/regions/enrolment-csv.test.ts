import { describe, expect, it } from 'vitest';
import { MAX_ROWS, parseEnrolmentCsv } from '../../src/regions/enrolment-csv.ts';
import { daklak2021 } from './fixtures.ts';

const regions = daklak2021().regions;
const en = (text: string) => parseEnrolmentCsv(text, regions, { lang: 'en' });
const HEADER = 'region_code,school_name,grade_band,enrolment,demo';

describe('parseEnrolmentCsv: accepted input', () => {
  it('reads codes, names and aliases, normalises bands and flags, and keeps each row’s line', () => {
    const r = en(
      [
        HEADER,
        'krong-pac,Trường minh họa 1 (demo),TC1,320,true',
        'Krông Pắk,Trường minh họa 1 (demo),tc2,298,1',
        "Ea H' Leo,Trường minh họa 2 (demo),,0,",
        'H. Lắk,  Trường   minh họa 3 (demo) ,NC1,1000000,no',
      ].join('\n'),
    );
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([
      { line: 2, regionCode: 'krong-pac', schoolName: 'Trường minh họa 1 (demo)', gradeBand: 'TC1', enrolment: 320, demo: true },
      { line: 3, regionCode: 'krong-pac', schoolName: 'Trường minh họa 1 (demo)', gradeBand: 'TC2', enrolment: 298, demo: true },
      { line: 4, regionCode: 'ea-hleo', schoolName: 'Trường minh họa 2 (demo)', gradeBand: null, enrolment: 0, demo: false },
      { line: 5, regionCode: 'lak', schoolName: 'Trường minh họa 3 (demo)', gradeBand: 'NC1', enrolment: 1_000_000, demo: false },
    ]);
  });

  it('takes ";" with a BOM and CRLF, as Excel saves it, with the demo and grade_band columns left out', () => {
    const r = en('\uFEFFregion_code;school_name;enrolment\r\nbuon-ho;Trường minh họa 4 (demo);215\r\nBuôn Đôn;"Trường minh họa 5; cơ sở 2 (demo)";180\r\n');
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([
      { line: 2, regionCode: 'buon-ho', schoolName: 'Trường minh họa 4 (demo)', gradeBand: null, enrolment: 215, demo: false },
      { line: 3, regionCode: 'buon-don', schoolName: 'Trường minh họa 5; cơ sở 2 (demo)', gradeBand: null, enrolment: 180, demo: false },
    ]);
  });

  it('reads quoted values with delimiters, doubled quotes and line breaks, and counts lines inside them', () => {
    const r = en([HEADER, 'lak,"Trường ""minh họa"", số 6 (demo)",CB1,50,false', 'lak,"Trường minh họa 7', '(demo)",CB2,60,false', 'lak,bad,XX1,1,false'].join('\n'));
    expect(r.rows.map((x) => [x.line, x.schoolName])).toEqual([
      [2, 'Trường "minh họa", số 6 (demo)'],
      [3, 'Trường minh họa 7 (demo)'],
    ]);
    expect(r.errors).toEqual([{ line: 5, message: 'Grade band "XX1" is not one of CB1, CB2, TC1, TC2, NC1 (or empty).' }]);
  });

  it('skips comments, blank lines and empty spreadsheet rows but counts them', () => {
    const r = en(['# DEMO DATA, not real', '', HEADER, '', ',,,,', '# a note; with a semicolon', 'mdrak,Trường minh họa 8 (demo),TC1,77,true'].join('\n'));
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => [x.line, x.regionCode])).toEqual([[7, 'mdrak']]);
  });

  it('accepts NFD input, header names in any case and order, "enrollment", and ignores unknown columns', () => {
    const r = en(['Notes,Enrollment,School Name,Region-Code', `x,12,${'Trường minh họa 9 (demo)'.normalize('NFD')},${"Cư M’gar".normalize('NFD')}`].join('\n'));
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([{ line: 2, regionCode: 'cu-mgar', schoolName: 'Trường minh họa 9 (demo)', gradeBand: null, enrolment: 12, demo: false }]);
  });
});

describe('parseEnrolmentCsv: errors with their lines', () => {
  it('reports every bad row by line and keeps the good ones', () => {
    const r = en(
      [
        HEADER,
        'krong-pac,Trường A (demo),TC1,10,true',
        'Hà Nội,Trường B (demo),TC1,10,true',
        ',Trường C (demo),TC1,10,true',
        'lak,,TC1,10,true',
        'lak,Trường D (demo),TC1,-5,true',
        'lak,Trường E (demo),TC1,12.5,true',
        'lak,Trường F (demo),TC1,,true',
        'lak,Trường G (demo),TC1,1000001,true',
        'lak,Trường H (demo),TC1,10,maybe',
        'lak,Trường I, cơ sở 2 (demo),TC1,10,true',
        'lak,Trường J (demo),TC1',
        'Krông Pắc,Trường A (demo),tc1,11,true',
        'lak,Trường K (demo),X,abc,true',
      ].join('\n'),
    );
    expect(r.rows.map((x) => x.line)).toEqual([2]);
    expect(r.errors).toEqual([
      { line: 3, message: 'Unknown unit "Hà Nội".' },
      { line: 4, message: 'The unit (region_code) is empty.' },
      { line: 5, message: 'The school name (school_name) is empty.' },
      { line: 6, message: 'Enrolment "-5" must be a whole number, zero or more.' },
      { line: 7, message: 'Enrolment "12.5" must be a whole number, zero or more.' },
      { line: 8, message: 'Enrolment "" must be a whole number, zero or more.' },
      { line: 9, message: 'Enrolment 1000001 is over 1000000.' },
      { line: 10, message: 'demo "maybe" must be true or false.' },
      { line: 11, message: 'Expected 5 columns, found 6 (quote values that contain the delimiter).' },
      { line: 12, message: 'Expected 5 columns, found 3 (quote values that contain the delimiter).' },
      { line: 13, message: 'Same unit, school and grade band as line 2.' },
      { line: 14, message: 'Grade band "X" is not one of CB1, CB2, TC1, TC2, NC1 (or empty).' },
      { line: 14, message: 'Enrolment "abc" must be a whole number, zero or more.' },
    ]);
  });

  it('asks for a code when a name fits several units', () => {
    const communes = [
      { code: 'hoa-phu-a', name: 'Hòa Phú' },
      { code: 'hoa-phu-b', name: 'Hòa Phú' },
    ];
    const r = parseEnrolmentCsv('region_code,school_name,enrolment\nHòa Phú,Trường minh họa (demo),5\nhoa-phu-b,Trường minh họa (demo),6', communes, { lang: 'en' });
    expect(r.errors).toEqual([{ line: 2, message: '"Hòa Phú" may mean several units: hoa-phu-a, hoa-phu-b; use the code.' }]);
    expect(r.rows.map((x) => x.regionCode)).toEqual(['hoa-phu-b']);
  });

  it('needs a header and names the missing columns on its line', () => {
    expect(en('krong-pac,Trường A (demo),TC1,10').errors).toEqual([
      { line: 1, message: 'The header lacks region_code, school_name, enrolment (region_code, school_name and enrolment are required; grade_band and demo are optional).' },
    ]);
    expect(en('# comment\n\nregion_code,school_name,grade_band\nlak,A,TC1').errors).toEqual([
      { line: 3, message: 'The header lacks enrolment (region_code, school_name and enrolment are required; grade_band and demo are optional).' },
    ]);
    expect(en('region_code,school_name,enrolment,enrollment\nlak,A,1,2')).toEqual({ rows: [], errors: [{ line: 1, message: 'Column enrolment appears twice.' }] });
  });

  it('reports an empty file (or a lone BOM) on line 1', () => {
    const empty = { rows: [], errors: [{ line: 1, message: 'The file is empty: a header region_code,school_name,grade_band,enrolment is needed.' }] };
    expect(en('')).toEqual(empty);
    expect(en('\uFEFF\n\n')).toEqual(empty);
  });

  it('reports a quote never closed on the line it opens, and text after a closing quote', () => {
    const r = en([HEADER, 'lak,"Trường A (demo)" x,TC1,1,true', 'lak,Trường B (demo),TC1,2,true', 'lak,"Trường C (demo),TC1,3,true', 'lak,Trường D (demo),TC1,4,true'].join('\n'));
    expect(r.rows.map((x) => x.line)).toEqual([3]);
    expect(r.errors).toEqual([
      { line: 2, message: 'Text follows a closing quote.' },
      { line: 4, message: 'A quoted value is never closed.' },
    ]);
  });

  it('speaks Vietnamese by default', () => {
    expect(parseEnrolmentCsv(`${HEADER}\nPhú Yên,Trường A (demo),TC1,10,true`, regions).errors).toEqual([{ line: 2, message: 'Không tìm thấy đơn vị "Phú Yên".' }]);
  });

  it(`stops after ${MAX_ROWS} rows`, () => {
    const body = Array.from({ length: MAX_ROWS + 2 }, (_, i) => `lak,Trường minh họa ${i} (demo),,1,true`);
    const r = en([HEADER, ...body].join('\n'));
    expect(r.rows).toHaveLength(MAX_ROWS);
    expect(r.errors).toEqual([{ line: MAX_ROWS + 2, message: `The file has more than ${MAX_ROWS} rows; the rest is ignored.` }]);
  });
});
