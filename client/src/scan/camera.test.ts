import { describe, expect, it } from 'vitest';
import { cameraErrorCode, cameraUnavailableReason } from './camera.ts';
import { scanMessage } from './messages.ts';

describe('cameraErrorCode', () => {
  it.each([
    ['NotAllowedError', 'permission-denied'],
    ['SecurityError', 'permission-denied'],
    ['NotFoundError', 'no-camera'],
    ['OverconstrainedError', 'no-camera'],
    ['NotReadableError', 'camera-busy'],
    ['AbortError', 'camera-busy'],
    ['TypeError', 'unknown'],
  ])('%s → %s', (name, code) => {
    expect(cameraErrorCode(new DOMException('x', name))).toBe(code);
  });

  it('treats a non-error rejection as unknown', () => {
    expect(cameraErrorCode('nope')).toBe('unknown');
  });
});

describe('cameraUnavailableReason', () => {
  it.each([
    { isSecureContext: false, hasGetUserMedia: true, reason: 'insecure-context' },
    { isSecureContext: false, hasGetUserMedia: false, reason: 'insecure-context' },
    { isSecureContext: true, hasGetUserMedia: false, reason: 'no-api' },
    { isSecureContext: true, hasGetUserMedia: true, reason: null },
  ])('secure=$isSecureContext api=$hasGetUserMedia → $reason', ({ reason, ...env }) => {
    expect(cameraUnavailableReason(env)).toBe(reason);
  });
});

describe('scanner messages', () => {
  it('has Indonesian by default wording and English, with placeholders filled', () => {
    expect(scanMessage('id', 'error.permission-denied')).toMatch(/Izin kamera ditolak/);
    expect(scanMessage('en', 'error.permission-denied')).toMatch(/permission was denied/);
    expect(scanMessage('en', 'decoderFailed', { reason: 'boom' })).toBe('The scanner could not load: boom');
  });
});
