// Geometry of the radar chart (one axis per section, rate 0–1 on each), as SVG points.

/** The point for value v (0–1) on axis i of n, in a chart of radius r centred at (c, c). */
export function axisPoint(i: number, n: number, v: number, r: number, c: number): [number, number] {
  const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
  return [c + r * v * Math.cos(angle), c + r * v * Math.sin(angle)];
}

/** The SVG `points` attribute of a polygon through the values (null counts as 0). */
export function polygon(values: (number | null)[], r: number, c: number): string {
  return values
    .map((v, i) => axisPoint(i, values.length, Math.max(0, Math.min(1, v ?? 0)), r, c))
    .map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`)
    .join(' ');
}

/** A rate as a percentage for display ("—" when there is none). */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 100)}%`;
}

/** An axis label broken into lines of at most `width` characters (Japanese has no spaces to
 * break at, so by characters; at most `lines` lines, the last one ending in … when cut). */
export function labelLines(label: string, width = 7, lines = 3): string[] {
  const chars = [...label];
  const out: string[] = [];
  for (let i = 0; i < chars.length && out.length < lines; i += width) out.push(chars.slice(i, i + width).join(''));
  if (chars.length > width * lines) out[lines - 1] = [...out[lines - 1]].slice(0, width - 1).join('') + '…';
  return out;
}

/** How an axis label is anchored: away from the centre, so it never runs over the chart. */
export function labelAnchor(x: number, c: number): 'start' | 'middle' | 'end' {
  if (x < c - 5) return 'end';
  if (x > c + 5) return 'start';
  return 'middle';
}
