/**
 * Pure domain rules shared by the server (authority) and the device (offline preview).
 * The classifier (`./classify/`) is exported separately by its owner.
 */
export * from './case-rules.ts';
export * from './conflict.ts';
export * from './holidays-id.ts';
export * from './reported-at.ts';
export * from './sla.ts';
export * from './sla-catalogue.ts';
export * from './status-machine.ts';
