// The worker's side of `meshlens/connectivityDiff`: the snapshot is the head (open documents over disk), the
// client's base files replace theirs, and the base revision's own session is brought up to them.
import type { BaseRevision } from '../../analysis/diff/baseRevision';
import type { AnalysisSnapshot } from '../../analysis/host/analysisSnapshot';
import type { ConnectivityDiffParams, ConnectivityDiffResult } from '../../protocol/connectivityDiff';

export function compareWithBase(base: BaseRevision, snapshot: AnalysisSnapshot, params: ConnectivityDiffParams): ConnectivityDiffResult {
  const head = snapshot.traffic().model;
  const overrides = params.baseFiles.map((f) => (f.text === undefined ? { file: f.uri } : { file: f.uri, text: f.text }));
  const diff = base.diff(head, snapshot.trafficTexts(), overrides, { defaultNamespace: snapshot.settings.defaultNamespace, dataplaneMode: snapshot.settings.dataplaneMode });
  return { baseLabel: params.baseLabel, diff };
}
