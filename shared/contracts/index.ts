/**
 * Import this module to load every contract into the registry. Each service's contracts live in
 * their own file; add new ones here.
 */
export * from './dates.ts';
export * from './envelope.ts';
export * from './registry.ts';
export * from './enterprise.ts';
export * from './application.ts';
export * from './programme.ts';
export * from './scoring.ts';
export * from './matching.ts';
export * from './fairs.ts';
export * from './planning.ts';
export * from './notifications.ts';
