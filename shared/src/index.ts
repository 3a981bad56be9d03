/**
 * `@edc/shared`: the wire contract every workspace speaks: zod schemas of entities, API
 * and admin messages, error codes and protocol versions. Pure rules are
 * `@edc/shared/domain`; the complaint classifier is `@edc/shared/classify` (browser: model
 * loaded lazily) and `@edc/shared/classify/bundled` (server: model imported statically).
 */
export * from './protocol/errors.ts';
export * from './protocol/version.ts';
export * from './schemas/admin.ts';
export * from './schemas/announcements.ts';
export * from './schemas/api.ts';
export * from './schemas/auth.ts';
export * from './schemas/common.ts';
export * from './schemas/desk-bulk.ts';
export * from './schemas/entities.ts';
export * from './schemas/helpdesk.ts';
export * from './schemas/management.ts';
export * from './schemas/master-data.ts';
export * from './schemas/push.ts';
export * from './schemas/reports.ts';
export * from './schemas/safe-text.ts';
export * from './schemas/self-service.ts';
export * from './schemas/webhooks.ts';
