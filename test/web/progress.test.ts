import { describe, expect, it } from 'vitest';
import { readProgress } from '../../src/web/client/progress.ts';

describe('organiser progress payload', () => {
  it('reads totals and districts', () => {
    expect(readProgress({ participants: 12, attempts: 20, inProgress: 3, districts: [{ district: 'krong-pac', participants: 5, attempts: 8, inProgress: 1, submitted: 7 }] })).toEqual({
      participants: 12,
      attempts: 20,
      inProgress: 3,
      districts: [{ district: 'krong-pac', participants: 5, attempts: 8, inProgress: 1, submitted: 7 }],
    });
  });

  it('sums districts when totals are missing, and accepts other spellings', () => {
    const p = readProgress({ totals: {}, byDistrict: [{ code: 'a', participants: 2, attempts: 3, running: 1, ended: 2 }, { code: 'b', participants: 4, attempts: 1, running: 0, ended: 1 }, { participants: 9 }, 'x'] });
    expect(p).toEqual({ participants: 6, attempts: 4, inProgress: 1, districts: [{ district: 'a', participants: 2, attempts: 3, inProgress: 1, submitted: 2 }, { district: 'b', participants: 4, attempts: 1, inProgress: 0, submitted: 1 }] });
  });

  it('refuses what is not progress and zeroes bad numbers', () => {
    expect(readProgress(null)).toBeNull();
    expect(readProgress({ participants: 1 })).toBeNull();
    expect(readProgress({ districts: [{ district: 'a', participants: -4, attempts: 'many' }] })?.districts[0]).toEqual({ district: 'a', participants: 0, attempts: 0, inProgress: 0, submitted: 0 });
  });
});
