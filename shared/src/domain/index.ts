/**
 * `@edc/shared/domain`: pure domain rules shared by the server (authority) and the device
 * (offline preview): case acceptance, SLA dates, status machine, conflict resolution,
 * KPIs, CSV, the holiday calendar, the seeded PRNG and terminal serial formats. The classifier is its own entry
 * point (`@edc/shared/classify`), so its model stays out of bundles that do not load it.
 */
export * from './announcements.ts';
export * from './case-acceptance.ts';
export * from './case-rules.ts';
export * from './conflict.ts';
export * from './csv.ts';
export * from './device-replacement.ts';
export * from './faq-search.ts';
export * from './geo.ts';
export * from './holidays-id.ts';
export * from './kpi.ts';
export * from './macros.ts';
export * from './management-figures.ts';
export * from './notification-text.ts';
export * from './prng.ts';
export * from './push-policy.ts';
export * from './reported-at.ts';
export * from './satisfaction.ts';
export * from './serial-formats.ts';
export * from './sla.ts';
export * from './sla-catalogue.ts';
export * from './sla-preview.ts';
export * from './status-machine.ts';
