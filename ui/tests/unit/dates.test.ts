import { afterEach, describe, expect, it } from 'vitest';
import { localIsoDate, parseDateInput, showDate, showTime } from '../../src/lib/dates';

describe('dates', () => {
  const tz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = tz;
  });

  it('takes today in local time: before 09:00 in Japan it is already the next day', () => {
    process.env.TZ = 'Asia/Tokyo';
    const earlyMorningInTokyo = new Date('2026-12-01T23:30:00Z'); // 08:30 JST on 2 December
    expect(earlyMorningInTokyo.toISOString().slice(0, 10)).toBe('2026-12-01');
    expect(localIsoDate(earlyMorningInTokyo)).toBe('2026-12-02');
  });

  it('shows ISO and 年月日 in Japanese, ISO in English', () => {
    expect(showDate('2026-04-07', 'ja')).toBe('2026-04-07（2026年4月7日）');
    expect(showDate('2026-04-07', 'en')).toBe('2026-04-07');
    expect(showDate(null, 'ja')).toBe('');
    expect(showDate('not a date', 'ja')).toBe('not a date');
  });

  it('shows a UTC moment in local time, with 年月日 in Japanese', () => {
    process.env.TZ = 'Asia/Tokyo';
    expect(showTime('2026-12-01T23:30:05Z', 'ja')).toBe('2026-12-02 08:30:05（2026年12月2日）');
    expect(showTime('2026-12-01T23:30:05Z', 'en')).toBe('2026-12-02 08:30:05');
    expect(showTime('yesterday', 'ja')).toBe('yesterday');
    expect(showTime(null, 'en')).toBe('');
  });

  it('reads a typed date in the forms Japanese users type, and refuses what is not a date', () => {
    expect(parseDateInput('2026-12-02')).toBe('2026-12-02');
    expect(parseDateInput('2026/12/2')).toBe('2026-12-02');
    expect(parseDateInput('2026年12月2日')).toBe('2026-12-02');
    expect(parseDateInput('２０２６－１２－０２')).toBe('2026-12-02');
    expect(parseDateInput(' 2026.1.9 ')).toBe('2026-01-09');
    expect(parseDateInput('')).toBe('');
    expect(parseDateInput('2026-02-30')).toBeNull();
    expect(parseDateInput('12/02/2026')).toBeNull();
    expect(parseDateInput('tomorrow')).toBeNull();
  });
});
