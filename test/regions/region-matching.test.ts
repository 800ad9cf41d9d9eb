import { describe, expect, it } from 'vitest';
import { compactKey, exactKey, matchKeysOf, matchRegion, regionMatcher, type MatchableRegion } from '../../src/regions/region-matching.ts';
import { stripDiacritics } from '../../src/shared/text.ts';
import { daklak2021 } from './fixtures.ts';

const set = daklak2021();
const regions = set.regions;
const codeOf = (input: string) => matchRegion(input, regions).region?.code ?? null;

/** Ways people write one spelling: case, NFD input, typographic apostrophes, no diacritics, no spaces, stray spaces. */
function variants(spelling: string): string[] {
  return [
    spelling,
    spelling.toUpperCase(),
    spelling.toLowerCase(),
    spelling.normalize('NFD'),
    spelling.replace(/'/g, '\u2019'),
    spelling.replace(/'/g, '\u02BC'),
    stripDiacritics(spelling),
    stripDiacritics(spelling).toLowerCase().replace(/[\s'-]/g, ''),
    `  ${spelling.replace(/ /g, '   ')}  `,
  ];
}

describe('matchRegion on the Đắk Lắk 2021 set', () => {
  for (const r of regions) {
    it(`finds ${r.code} by its code, names and every alias, however written`, () => {
      const spellings = [r.code, r.name, r.fullName, r.nameEn, ...r.aliases];
      const misses = spellings.flatMap((s) => variants(s)).filter((v) => codeOf(v) !== r.code);
      expect(misses).toEqual([]);
    });
  }

  it.each([
    ['krongpac', 'krong-pac', 'compact'],
    ['Krong Pac', 'krong-pac', 'exact'],
    ['Krông Pắk', 'krong-pac', 'exact'],
    ['Krông Pắc', 'krong-pac', 'exact'],
    ['krong pak', 'krong-pac', 'exact'],
    ['cu mgar', 'cu-mgar', 'compact'],
    ['Cư M\u2019gar', 'cu-mgar', 'exact'],
    ["Ea H' Leo", 'ea-hleo', 'exact'],
    ['ea h leo', 'ea-hleo', 'compact'],
    ['Krông A Na', 'krong-ana', 'exact'],
    ["M' Đrăk", 'mdrak', 'exact'],
    ['mdrak', 'mdrak', 'exact'],
    ['M Drak', 'mdrak', 'compact'],
    ['BMT', 'buon-ma-thuot', 'exact'],
    ['Ban Mê Thuột', 'buon-ma-thuot', 'exact'],
    ['Lắk', 'lak', 'exact'],
    ['Đắk Lắk', 'dak-lak', 'exact'],
    ['daklak', 'dak-lak', 'exact'],
    ['Huyện Ea Súp', 'ea-sup', 'exact'],
    ['huyen ea sup', 'ea-sup', 'compact'],
    ['H. Krông Pắc', 'krong-pac', 'unprefixed'],
    ['h.krong pac', 'krong-pac', 'unprefixed'],
    ['TP. BMT', 'buon-ma-thuot', 'unprefixed'],
    ['tp Buôn Ma Thuột', 'buon-ma-thuot', 'unprefixed'],
    ['TX Buôn Hồ', 'buon-ho', 'unprefixed'],
    ['thị xã buon ho', 'buon-ho', 'compact'],
    ['Krong Bong district', 'krong-bong', 'exact'],
    ['Cu Kuin District', 'cu-kuin', 'exact'],
    ['Ea Kar district.', 'ea-kar', 'compact'],
    ['tỉnh Đắk Lắk', 'dak-lak', 'exact'],
  ])('%s → %s (%s)', (input, code, stage) => {
    const m = matchRegion(input, regions);
    expect(m.region?.code).toBe(code);
    expect(m.stage).toBe(stage);
    expect(m.candidates.map((c) => c.code)).toEqual([code]);
  });

  it.each(['Hà Nội', 'Krông', 'Ea', 'Buôn', 'Phú Yên', 'krong-pac-2', 'huyện', 'TP.', ''])('finds nothing for %j', (input) => {
    expect(matchRegion(input, regions)).toEqual({ region: null, candidates: [], stage: null });
  });

  it('does not mistake the province for its namesake district', () => {
    expect(codeOf('Lak')).toBe('lak');
    expect(codeOf('Dak Lak')).toBe('dak-lak');
    expect(codeOf('Đắk Lắk province')).toBe('dak-lak');
  });

  it('refuses very long input without matching', () => {
    expect(matchRegion(`Krông Pắc ${'x'.repeat(300)}`, regions).candidates).toEqual([]);
    expect(codeOf('Krông Pắc'.padEnd(200, ' '))).toBe('krong-pac');
  });
});

describe('ambiguity', () => {
  const communes: MatchableRegion[] = [
    { code: 'hoa-phu-a', name: 'Hòa Phú' },
    { code: 'hoa-phu-b', name: 'Hòa Phú' },
    { code: 'ea-tu', name: 'Ea Tu' },
    { code: 'ea-tu-2', name: 'Ea Tư' },
  ];

  it('returns null with every candidate when one spelling names several units', () => {
    const m = matchRegion('HÒA PHÚ', communes);
    expect(m.region).toBeNull();
    expect(m.stage).toBe('exact');
    expect(m.candidates.map((c) => c.code)).toEqual(['hoa-phu-a', 'hoa-phu-b']);
    // The old tone placement ("hoà") differs from the stored "Hòa" only until diacritics are dropped.
    const old = matchRegion('hoà phú', communes);
    expect(old.stage).toBe('compact');
    expect(old.candidates.map((c) => c.code)).toEqual(['hoa-phu-a', 'hoa-phu-b']);
  });

  it('lets diacritics decide before the diacritic-free fallback makes two names collide', () => {
    expect(matchRegion('Ea Tư', communes).region?.code).toBe('ea-tu-2');
    expect(matchRegion('EA TU', communes).region?.code).toBe('ea-tu');
    const loose = matchRegion('eatu', communes);
    expect(loose.region).toBeNull();
    expect(loose.stage).toBe('compact');
    expect(loose.candidates.map((c) => c.code)).toEqual(['ea-tu', 'ea-tu-2']);
  });

  it('a matcher built once gives the same answers', () => {
    const match = regionMatcher(regions);
    expect(match('Krông Pắk').region?.code).toBe('krong-pac');
    expect(match('hòa phú').region).toBeNull();
  });
});

describe('keys', () => {
  it('exactKey keeps diacritics, compactKey drops them with spaces and apostrophes', () => {
    expect(exactKey('  Cư  M\u2019GAR ')).toBe("cư m'gar");
    expect(exactKey('Krông Pắc'.normalize('NFD'))).toBe('krông pắc');
    expect(compactKey("Ea H' Leo")).toBe('eahleo');
    expect(compactKey("M'Đrắk")).toBe('mdrak');
  });

  it('matchKeysOf lists the folded and compact spellings once each', () => {
    const cuMgar = regions.find((r) => r.code === 'cu-mgar')!;
    expect(matchKeysOf(cuMgar)).toEqual(['cu-mgar', 'cumgar', "cu m'gar", "huyen cu m'gar", 'huyencumgar', "cu m'gar district", 'cumgardistrict', 'cu mgar']);
  });
});
