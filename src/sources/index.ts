import type { Source } from '../core/types.js';

/**
 * The source adapters, loaded lazily so that `policyproof --version` stays fast.
 * Add an adapter by adding its folder and one line here.
 */
export const sourceLoaders: Array<() => Promise<Source>> = [
  () => import('./typescript/index.js').then((m) => m.typescriptSource),
  () => import('./sql/index.js').then((m) => m.sqlSource),
  () => import('./prisma/index.js').then((m) => m.prismaSource),
  () => import('./terraform/index.js').then((m) => m.terraformSource),
  () => import('./kubernetes/index.js').then((m) => m.kubernetesSource),
  () => import('./configs/index.js').then((m) => m.configsSource),
  () => import('./code/index.js').then((m) => m.codeSource),
  () => import('./models/index.js').then((m) => m.modelsSource),
];
