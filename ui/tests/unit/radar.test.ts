import { describe, expect, it } from 'vitest';
import { axisPoint, labelAnchor, labelLines, percent, polygon } from '../../src/lib/radar';

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

  it('breaks a long Japanese label into lines instead of cutting it, and anchors it away from the centre', () => {
    expect(labelLines('パッチやアップデートの適用')).toEqual(['パッチやアップ', 'デートの適用']);
    expect(labelLines('法令遵守')).toEqual(['法令遵守']);
    expect(labelLines('あ'.repeat(30))).toEqual(['あああああああ', 'あああああああ', 'ああああああ…']);
    expect(labelAnchor(10, 150)).toBe('end');
    expect(labelAnchor(290, 150)).toBe('start');
    expect(labelAnchor(150, 150)).toBe('middle');
  });
});
