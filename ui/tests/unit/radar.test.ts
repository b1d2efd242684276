import { describe, expect, it } from 'vitest';
import { axisPoint, percent, polygon } from '../../src/lib/radar';

describe('radar chart geometry', () => {
  it('puts the first axis straight up and spreads the others evenly', () => {
    const [x0, y0] = axisPoint(0, 4, 1, 100, 150);
    expect(x0).toBeCloseTo(150);
    expect(y0).toBeCloseTo(50);
    const [x1, y1] = axisPoint(1, 4, 1, 100, 150);
    expect(x1).toBeCloseTo(250);
    expect(y1).toBeCloseTo(150);
  });
  it('clamps values to 0–1 and draws null as the centre', () => {
    expect(polygon([null, 2, 0.5], 100, 150).split(' ')).toEqual(['150.0,150.0', '236.6,200.0', '106.7,175.0']);
  });
  it('formats rates as whole percentages', () => {
    expect(percent(0.666)).toBe('67%');
    expect(percent(null)).toBe('—');
    expect(percent(1)).toBe('100%');
  });
});
