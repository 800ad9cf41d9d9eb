import { describe, expect, it } from 'vitest';
import { RegionSetFileSchema } from '../../src/regions/region-set-schema.ts';
import { parseEnrolmentCsv } from '../../src/regions/enrolment-csv.ts';
import { slugify } from '../../src/shared/text.ts';
import { daklak2021, demoCsv } from './fixtures.ts';

describe('data/regions/daklak-2021.json', () => {
  const set = daklak2021();

  it('is the 2021 map: valid from 2021 until the district level ended on 30 Jun 2025, and the default', () => {
    expect(set.code).toBe('daklak-2021');
    expect(set.province).toBe('Đắk Lắk');
    expect(set.validFrom).toBe('2021-01-01');
    expect(set.validTo).toBe('2025-06-30');
    expect(set.isDefault).toBe(true);
    expect(set.name.en).toContain('Lifelong Learning Week 2021');
  });

  it('holds the province and its 15 district-level units, exactly as in the reference', () => {
    expect(set.regions.map((r) => [r.code, r.level, r.kind, r.name, r.parentCode])).toEqual([
      ['dak-lak', 'province', 'province', 'Đắk Lắk', null],
      ['buon-ma-thuot', 'district', 'city', 'Buôn Ma Thuột', 'dak-lak'],
      ['buon-ho', 'district', 'town', 'Buôn Hồ', 'dak-lak'],
      ['buon-don', 'district', 'district', 'Buôn Đôn', 'dak-lak'],
      ['cu-kuin', 'district', 'district', 'Cư Kuin', 'dak-lak'],
      ['cu-mgar', 'district', 'district', "Cư M'gar", 'dak-lak'],
      ['ea-hleo', 'district', 'district', "Ea H'leo", 'dak-lak'],
      ['ea-kar', 'district', 'district', 'Ea Kar', 'dak-lak'],
      ['ea-sup', 'district', 'district', 'Ea Súp', 'dak-lak'],
      ['krong-ana', 'district', 'district', 'Krông Ana', 'dak-lak'],
      ['krong-bong', 'district', 'district', 'Krông Bông', 'dak-lak'],
      ['krong-buk', 'district', 'district', 'Krông Búk', 'dak-lak'],
      ['krong-nang', 'district', 'district', 'Krông Năng', 'dak-lak'],
      ['krong-pac', 'district', 'district', 'Krông Pắc', 'dak-lak'],
      ['lak', 'district', 'district', 'Lắk', 'dak-lak'],
      ['mdrak', 'district', 'district', "M'Đrắk", 'dak-lak'],
    ]);
  });

  it('stores NFC text, codes that are the slug of the name, and full names that start with the unit type', () => {
    const prefix = { province: 'Tỉnh ', city: 'Thành phố ', town: 'Thị xã ', district: 'Huyện ' } as Record<string, string>;
    for (const r of set.regions) {
      expect(r.code).toBe(slugify(r.name));
      expect(r.fullName).toBe(`${prefix[r.kind]}${r.name}`);
      for (const s of [r.name, r.fullName, r.nameEn, ...r.aliases]) expect(s).toBe(s.normalize('NFC'));
    }
  });

  it('carries the spelling traps as aliases', () => {
    const aliases = Object.fromEntries(set.regions.map((r) => [r.code, r.aliases]));
    expect(aliases['krong-pac']).toContain('Krông Pắk');
    expect(aliases['krong-ana']).toContain('Krông A Na');
    expect(aliases['ea-hleo']).toContain("Ea H' Leo");
    expect(aliases['mdrak']).toContain("M' Đrăk");
    expect(aliases['mdrak']).toContain("M'Drak");
    expect(aliases['cu-mgar']).toContain("Cu M'gar");
    expect(aliases['buon-ma-thuot']).toEqual(expect.arrayContaining(['Buon Ma Thuot', 'BMT', 'Ban Mê Thuột']));
  });
});

describe('RegionSetFileSchema', () => {
  const base = () => structuredClone(daklak2021()) as unknown as { regions: Array<Record<string, unknown>>; validTo: string | null; [k: string]: unknown };
  const issues = (data: unknown) => {
    const r = RegionSetFileSchema.safeParse(data);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('rejects a duplicate code, a missing parent and a parent of the wrong level', () => {
    const dup = base();
    dup.regions[2]!.code = 'buon-ma-thuot';
    expect(issues(dup)).toContain('regions.2.code: duplicate code "buon-ma-thuot"');

    const orphan = base();
    orphan.regions[3]!.parentCode = 'phu-yen';
    expect(issues(orphan)).toEqual(['regions.3.parentCode: parent "phu-yen" is not in the set']);

    const upside = base();
    upside.regions.push({ code: 'xa-a', parentCode: 'lak', level: 'commune', kind: 'commune', name: 'Xã A', fullName: 'Xã A', nameEn: 'A Commune' });
    upside.regions[14]!.parentCode = 'xa-a';
    expect(issues(upside)).toEqual(['regions.14.parentCode: a district cannot sit under a commune']);
  });

  it('rejects two siblings known by one spelling, and a second province', () => {
    const clash = base();
    (clash.regions[2]!.aliases as string[]).push('bmt');
    expect(issues(clash)).toEqual(['regions.2: "bmt" also names "buon-ma-thuot"']);

    const twoRoots = base();
    twoRoots.regions.push({ code: 'phu-yen', parentCode: null, level: 'province', kind: 'province', name: 'Phú Yên', fullName: 'Tỉnh Phú Yên', nameEn: 'Phu Yen Province' });
    expect(issues(twoRoots)).toEqual(['regions: a set holds exactly one province-level region, found 2']);
  });

  it('rejects validTo before validFrom, non-slug codes and empty names', () => {
    const dates = base();
    dates.validTo = '2020-12-31';
    expect(issues(dates)).toEqual(['validTo: validTo is before validFrom']);

    const bad = base();
    bad.regions[1]!.code = 'Buôn Ma Thuột';
    bad.regions[2]!.name = '   ';
    expect(issues(bad)).toEqual(
      expect.arrayContaining(['regions.1.code: lowercase ASCII letters, digits and "-", 1–64 characters', 'regions.2.name: required']),
    );
  });

  it('accepts units directly under the province (the post-2025 shape) and no validTo', () => {
    const after = base();
    after.validTo = null;
    after.regions = [
      after.regions[0]!,
      { code: 'buon-ma-thuot-ward', parentCode: 'dak-lak', level: 'commune', kind: 'ward', name: 'Buôn Ma Thuột', fullName: 'Phường Buôn Ma Thuột', nameEn: 'Buon Ma Thuot Ward' },
    ];
    expect(issues(after)).toEqual([]);
  });
});

describe('data/regions/demo-schools.csv', () => {
  const set = daklak2021();
  const parsed = parseEnrolmentCsv(demoCsv(), set.regions);

  it('parses cleanly and labels itself as demo data in comments, names and the demo column', () => {
    expect(parsed.errors).toEqual([]);
    expect(demoCsv().split('\n')[0]).toMatch(/^# DEMO DATA: .*NOT real/);
    expect(parsed.rows.every((r) => r.demo && /^Trường minh họa \d+ \(demo\)$/.test(r.schoolName))).toBe(true);
  });

  it('has a few rows for every one of the 15 units and none for the province itself', () => {
    const perUnit = new Map<string, number>();
    for (const r of parsed.rows) perUnit.set(r.regionCode, (perUnit.get(r.regionCode) ?? 0) + 1);
    expect([...perUnit.keys()].sort()).toEqual(set.regions.filter((r) => r.level === 'district').map((r) => r.code).sort());
    expect([...perUnit.values()].every((n) => n >= 3)).toBe(true);
  });
});
