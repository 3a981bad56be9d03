export * from './protocol/errors.ts';
export * from './protocol/version.ts';
export * from './schemas/api.ts';
export * from './schemas/common.ts';
export * from './schemas/entities.ts';
export * from './schemas/master-data.ts';
export * from './schemas/reports.ts';
export * from './schemas/webhooks.ts';
