import { z } from 'zod';
import { nfcString } from '../shared/localized.ts';
import { exactKey, spellingsOf } from './region-matching.ts';

/**
 * The region-set file format (`data/regions/*.json`). A set is one province's
 * administrative map as it stood over a period; when the map changes a new set
 * is added and the old one keeps its dates, so past contests still report by
 * the units their players chose.
 */

export const REGION_LEVELS = ['province', 'district', 'commune', 'school-cluster'] as const;
export type RegionLevelName = (typeof REGION_LEVELS)[number];
/** A parent is always of a lower rank: communes sit under a district or (since 2025) directly under the province. */
export const LEVEL_RANK: Record<RegionLevelName, number> = { province: 0, district: 1, commune: 2, 'school-cluster': 3 };

export const REGION_CODE_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const REGION_CODE_RULE = 'lowercase ASCII letters, digits and "-", 1–64 characters';
/** ASCII slug, the stable id of a unit within its set (and of a set): "buon-ma-thuot", "daklak-2021". */
export const RegionCodeSchema = z.string().regex(REGION_CODE_PATTERN, REGION_CODE_RULE);

const requiredText = (max: number) => nfcString(max).pipe(z.string().min(1, 'required'));

export const RegionEntrySchema = z.object({
  code: RegionCodeSchema,
  parentCode: RegionCodeSchema.nullable().default(null),
  level: z.enum(REGION_LEVELS),
  /** The unit type: "province", "city" (thành phố), "town" (thị xã), "district" (huyện), "ward", "commune", "township"… */
  kind: z.string().regex(/^[a-z][a-z-]{1,31}$/, 'a lowercase word such as "district"'),
  /** The proper name without the unit type, in Vietnamese: "Buôn Ma Thuột". */
  name: requiredText(100),
  /** How the unit is written in full: "Thành phố Buôn Ma Thuột". */
  fullName: requiredText(150),
  nameEn: requiredText(150),
  /** Other spellings met in sources ("Krông Pắk", "M' Đrăk", "BMT"). */
  aliases: z.array(requiredText(100)).max(30).default([]),
});
export type RegionEntry = z.infer<typeof RegionEntrySchema>;

export const RegionSetFileSchema = z
  .object({
    $schema: z.string().optional(),
    code: RegionCodeSchema,
    name: z.object({ vi: requiredText(200), en: requiredText(200) }),
    province: requiredText(100),
    validFrom: z.iso.date(),
    /** The last day the map held; null while it still does. */
    validTo: z.iso.date().nullable(),
    source: requiredText(2000),
    isDefault: z.boolean().default(false),
    /** Parents before or after children, in display order. */
    regions: z.array(RegionEntrySchema).min(1).max(20_000),
  })
  .superRefine((set, ctx) => {
    if (set.validTo !== null && set.validTo < set.validFrom) {
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'validTo is before validFrom' });
    }
    const byCode = new Map<string, RegionEntry>();
    set.regions.forEach((r, i) => {
      if (byCode.has(r.code)) ctx.addIssue({ code: 'custom', path: ['regions', i, 'code'], message: `duplicate code "${r.code}"` });
      byCode.set(r.code, r);
    });
    const roots = set.regions.filter((r) => r.level === 'province');
    if (roots.length !== 1) ctx.addIssue({ code: 'custom', path: ['regions'], message: `a set holds exactly one province-level region, found ${roots.length}` });
    const siblingKeys = new Map<string, string>();
    set.regions.forEach((r, i) => {
      if (r.level === 'province') {
        if (r.parentCode !== null) ctx.addIssue({ code: 'custom', path: ['regions', i, 'parentCode'], message: 'a province has no parent' });
      } else {
        const parent = r.parentCode === null ? undefined : byCode.get(r.parentCode);
        if (!parent) ctx.addIssue({ code: 'custom', path: ['regions', i, 'parentCode'], message: `parent "${r.parentCode ?? ''}" is not in the set` });
        else if (LEVEL_RANK[parent.level] >= LEVEL_RANK[r.level]) {
          ctx.addIssue({ code: 'custom', path: ['regions', i, 'parentCode'], message: `a ${r.level} cannot sit under a ${parent.level}` });
        }
      }
      // Same-named units under different parents exist (communes); under one parent they would make matching ambiguous.
      for (const spelling of spellingsOf(r)) {
        const key = `${r.parentCode ?? ''}\u0000${exactKey(spelling)}`;
        const owner = siblingKeys.get(key);
        if (owner !== undefined && owner !== r.code) {
          ctx.addIssue({ code: 'custom', path: ['regions', i], message: `"${spelling}" also names "${owner}"` });
        }
        siblingKeys.set(key, r.code);
      }
    });
  });

export type RegionSetFile = z.infer<typeof RegionSetFileSchema>;
/** What callers pass before defaults are applied. */
export type RegionSetFileInput = z.input<typeof RegionSetFileSchema>;
