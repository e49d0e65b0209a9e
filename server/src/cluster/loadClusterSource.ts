// The Kubernetes client is larger than the rest of the CLI, and only a connected cluster needs it: the bundles load
// it from its own file (dist/cluster.cjs, see scripts/build.mjs, which defines process.env.MESHLENS_BUNDLED so the
// other branch is left out of them) on first use; from the TypeScript sources (tests) it is a plain dynamic import.
import { join } from 'node:path';

type ClusterSourceModule = typeof import('./clusterSource');

export async function loadClusterSource(): Promise<ClusterSourceModule> {
  return process.env.MESHLENS_BUNDLED === 'true'
    ? (require(join(__dirname, 'cluster.cjs')) as ClusterSourceModule)
    : import('./clusterSource.js');
}
