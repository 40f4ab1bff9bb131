/** The state store's public surface; everything else under src/store is internal. */
export type { StoreLogger } from './backend';
export { createRunCoordinator, type RunCoordinatorOptions } from './coordinator';
export { firstDelivery } from './dedupe';
export { StoreError, StoreUnavailableError, type StoreErrorCode } from './errors';
export { openStore, type OpenStoreOptions } from './open';
export type { Namespace, StateStore } from './state';
