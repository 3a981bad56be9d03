import { describe, expect, it } from 'vitest';
import {
  announcementPushUrgency,
  checkPushEndpoint,
  classifyPushResponse,
  DEFAULT_PUSH_HOSTS,
  pushByDefault,
  pushDeliveryFor,
} from './push-policy.ts';

describe('checkPushEndpoint', () => {
  it.each([
    ['https://fcm.googleapis.com/fcm/send/abc:def', DEFAULT_PUSH_HOSTS, 'ok'],
    ['https://updates.push.services.mozilla.com/wpush/v2/gAAA', DEFAULT_PUSH_HOSTS, 'ok'],
    ['https://web.push.apple.com/QGx', DEFAULT_PUSH_HOSTS, 'ok'],
    ['https://wns2-by3p.notify.windows.com/w/?token=x', DEFAULT_PUSH_HOSTS, 'ok'],
    ['https://notify.windows.com/w', DEFAULT_PUSH_HOSTS, 'host_not_allowed'],
    ['https://evil.example.com/fcm.googleapis.com', DEFAULT_PUSH_HOSTS, 'host_not_allowed'],
    ['https://fcm.googleapis.com.evil.example/x', DEFAULT_PUSH_HOSTS, 'host_not_allowed'],
    ['http://fcm.googleapis.com/fcm/send/abc', DEFAULT_PUSH_HOSTS, 'insecure_scheme'],
    ['https://user:pw@fcm.googleapis.com/x', DEFAULT_PUSH_HOSTS, 'credentials_in_url'],
    ['not a url', DEFAULT_PUSH_HOSTS, 'not_a_url'],
    ['ftp://fcm.googleapis.com/x', DEFAULT_PUSH_HOSTS, 'insecure_scheme'],
    ['http://127.0.0.1:9000/push/1', ['127.0.0.1'], 'ok'],
    ['http://127.0.0.1:9000/push/1', DEFAULT_PUSH_HOSTS, 'host_not_allowed'],
    ['http://localhost:9000/push/1', ['localhost'], 'ok'],
    ['http://[::1]:9000/push/1', ['::1'], 'ok'],
    ['http://10.0.0.5/push/1', ['10.0.0.5'], 'insecure_scheme'],
    ['https://10.0.0.5/push/1', ['10.0.0.5'], 'ok'],
    ['https://FCM.GoogleAPIs.com/x', DEFAULT_PUSH_HOSTS, 'ok'],
  ])('%s against %j → %s', (endpoint, hosts, expected) => {
    const r = checkPushEndpoint(endpoint, hosts);
    expect(r.ok ? 'ok' : r.reason).toBe(expected);
  });
});

describe('pushDeliveryFor', () => {
  it.each([
    ['case_rejected', undefined, 'high'],
    ['escalated', undefined, 'high'],
    ['announcement', undefined, 'normal'],
    ['case_accepted', undefined, 'normal'],
    ['reminder', undefined, 'normal'],
  ] as const)('%s (%s) → urgency %s', (type, _unused, urgency) => {
    const d = pushDeliveryFor(type);
    expect(d.urgency).toBe(urgency);
    expect(d.ttlSeconds).toBeGreaterThan(0);
    expect(d.ttlSeconds).toBeLessThanOrEqual(4 * 24 * 3600);
  });

  it('a reminder expires sooner than a plain update', () => {
    expect(pushDeliveryFor('reminder').ttlSeconds).toBeLessThan(pushDeliveryFor('case_accepted').ttlSeconds);
  });
});

describe('classifyPushResponse', () => {
  it.each([
    [201, 'sent'],
    [200, 'sent'],
    [404, 'gone'],
    [410, 'gone'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
    [null, 'retry'],
    [400, 'drop'],
    [403, 'drop'],
    [413, 'drop'],
  ] as const)('%s → %s', (status, expected) => {
    expect(classifyPushResponse(status)).toBe(expected);
  });
});

describe('pushByDefault', () => {
  it.each([
    ['case_accepted', false],
    ['case_rejected', true],
    ['case_assigned', true],
    ['case_resolved', true],
    ['comment', true],
    ['escalated', true],
    ['announcement', true],
    ['reminder', true],
  ] as const)('%s → %s', (type, expected) => {
    expect(pushByDefault(type)).toBe(expected);
  });
});

describe('announcementPushUrgency', () => {
  it.each([
    ['outage', 'high'],
    ['maintenance', undefined],
    ['info', undefined],
  ] as const)('%s → %s', (severity, urgency) => {
    expect(announcementPushUrgency(severity)).toBe(urgency);
  });
});
