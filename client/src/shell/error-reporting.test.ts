import { validators } from '@rpg-bot/contracts';
import { describe, expect, it } from 'vitest';
import { toClientErrorReport } from './error-reporting';

const context = {
  url: 'https://app.example/campaigns/c1/notes?token=secret#tgWebAppData=x',
  userAgent: 'Test/1.0',
  now: new Date('2026-12-01T10:00:00.000Z'),
};

describe('toClientErrorReport', () => {
  it('builds a report that passes the wire schema, without query or hash in the URL', () => {
    const report = toClientErrorReport(new TypeError('boom'), context);
    expect(validators.clientErrorReport(report).ok).toBe(true);
    expect(report).toMatchObject({
      message: 'TypeError: boom',
      url: 'https://app.example/campaigns/c1/notes',
      occurredAt: '2026-12-01T10:00:00.000Z',
    });
    expect(report.stack).toContain('boom');
  });

  it('clips oversized fields and accepts non-Error values', () => {
    const report = toClientErrorReport('x'.repeat(5000), { ...context, userAgent: 'u'.repeat(1000) });
    expect(validators.clientErrorReport(report).ok).toBe(true);
    expect(report.message).toHaveLength(2000);
    expect(report.stack).toBeUndefined();
    expect(toClientErrorReport('', context).message).toBe('Unknown error');
  });
});
