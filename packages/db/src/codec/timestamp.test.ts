import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './timestamp';

const iso = (text: string): string | undefined => parseTimestamp(text)?.toISOString();

describe('parseTimestamp', () => {
  it('applies hour, minute and second offsets', () => {
    expect(iso('2024-02-29 12:34:56+00')).toBe('2024-02-29T12:34:56.000Z');
    expect(iso('2024-02-29 12:34:56.789+05:30')).toBe('2024-02-29T07:04:56.789Z');
    expect(iso('2024-02-29 01:00:00-03')).toBe('2024-02-29T04:00:00.000Z');
    expect(iso('1850-01-01 00:00:00+00:53:28')).toBe('1849-12-31T23:06:32.000Z');
  });

  it('reads a timestamp without offset as UTC', () => {
    expect(iso('2024-02-29 12:34:56.5')).toBe('2024-02-29T12:34:56.500Z');
  });

  it('truncates microseconds to milliseconds', () => {
    expect(iso('2024-01-01 00:00:00.123999+00')).toBe('2024-01-01T00:00:00.123Z');
    expect(iso('2024-01-01 00:00:00.1+00')).toBe('2024-01-01T00:00:00.100Z');
  });

  it('keeps years below 100 and BC years', () => {
    expect(parseTimestamp('0050-06-01 00:00:00+00')?.getUTCFullYear()).toBe(50);
    expect(parseTimestamp('0044-03-15 12:00:00 BC')?.getUTCFullYear()).toBe(-43);
    expect(parseTimestamp('0001-01-01 00:00:00+00 BC')?.getUTCFullYear()).toBe(0);
    expect(parseTimestamp('10000-01-01 00:00:00+00')?.getUTCFullYear()).toBe(10000);
  });

  it('returns undefined for infinity and for text it does not understand', () => {
    expect(parseTimestamp('infinity')).toBeUndefined();
    expect(parseTimestamp('-infinity')).toBeUndefined();
    expect(parseTimestamp('02/29/2024 12:00')).toBeUndefined();
  });
});
