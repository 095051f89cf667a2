import { describe, expect, it } from 'vitest';
import {
  areaOf,
  formerDistrict,
  INDUSTRIAL_PARKS,
  isHanoiCommune,
  proximity,
  proximityPoints,
} from '../../../../services/matching/domain/places.ts';
import { HANOI_COMMUNES } from '../../../../shared/reference/hanoi-communes.ts';

describe('the distance proxy', () => {
  it('places communes in their former district by code range', () => {
    expect(formerDistrict('00004')).toBe('Ba Đình');
    expect(formerDistrict('00376')).toBe('Sóc Sơn');
    expect(formerDistrict('00493')).toBe('Đông Anh');
    expect(formerDistrict('08974')).toBe('Mê Linh');
    expect(formerDistrict('09988')).toBe('Thạch Thất');
    expect(formerDistrict('10489')).toBe('Mỹ Đức');
    expect(areaOf('00433')).toBe('north');
  });

  it('ranks same park/commune over same former district over same side over across the city', () => {
    expect(proximityPoints({ communeCode: '00004' }, { communeCode: '00004' })).toBe(10);
    expect(proximityPoints({ communeCode: '00466', park: 'thang-long' }, { communeCode: '00493', park: 'thang-long' })).toBe(10);
    expect(proximityPoints({ communeCode: '00454' }, { communeCode: '00493' })).toBe(7);
    expect(proximityPoints({ communeCode: '00376' }, { communeCode: '00493' })).toBe(4);
    expect(proximityPoints({ communeCode: '00004' }, { communeCode: '10441' })).toBe(0);
  });

  it('gives the same points with and without words', () => {
    const codes = HANOI_COMMUNES.map((c) => c.code);
    for (const a of codes)
      for (const b of codes.slice(0, 20))
        expect(proximity({ communeCode: a }, { communeCode: b }).points).toBe(proximityPoints({ communeCode: a }, { communeCode: b }));
  });

  it('hosts every industrial park in a Hanoi commune', () => {
    for (const p of INDUSTRIAL_PARKS) expect(isHanoiCommune(p.communeCode), p.id).toBe(true);
  });
});
