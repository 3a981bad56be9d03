/**
 * Pure domain rules shared by the server (authority) and the device (offline preview).
 * The classifier (`./classify/`) is exported separately by its owner.
 */
export * from './holidays-id.ts';
export * from './sla.ts';
export * from './sla-catalogue.ts';
