import { describe, expect, it } from 'vitest';
import { maskUrl } from './logger.ts';

describe('maskUrl', () => {
  it('masks the secrets that travel in URL paths and leaves other URLs alone', () => {
    expect(maskUrl('/api/v1/calendar-feed/abc123.ics')).toBe('/api/v1/calendar-feed/[redacted]');
    expect(maskUrl('/api/v1/public/quotes/Zm9vYmFy/accept')).toBe('/api/v1/public/quotes/[redacted]/accept');
    expect(maskUrl('/api/v1/public/quotes/Zm9vYmFy?x=1')).toBe('/api/v1/public/quotes/[redacted]?x=1');
    expect(maskUrl('/api/v1/public/consents/confirm/s3cr3t')).toBe(
      '/api/v1/public/consents/confirm/[redacted]',
    );
    expect(maskUrl('/api/v1/quotes/0b6f/pdf')).toBe('/api/v1/quotes/0b6f/pdf');
  });
});
