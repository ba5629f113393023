import type { Source } from '../core/types.js';

/**
 * The source adapters, loaded lazily so that `policyproof --version` stays fast.
 * Add an adapter by adding its folder and one line here.
 */
export const sourceLoaders: Array<() => Promise<Source>> = [];
