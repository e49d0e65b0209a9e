// PeerAuthentication checks of istiod's webhook beyond the CRD (istio/istio pkg/config/validation/validation.go
// ValidatePeerAuthentication). The CRD already covers "portLevelMtls requires selector" and the 1-65535 port
// range (CEL) and an empty portLevelMtls map (minProperties), so only the shared selector/annotation checks remain.
import type { Finding } from '../../model/finding';
import type { PolicyDocument } from '../../policyDocument';
import { checkPolicyAttachment } from './checkPolicyAttachment';
import { asRecord } from './plainValue';
import { PolicyReporter } from './policyReporter';

export function checkPeerAuthentication(doc: PolicyDocument): Finding[] {
  const report = new PolicyReporter(doc);
  const spec = asRecord(doc.value.spec) ?? {};
  checkPolicyAttachment(doc, spec, report);
  return report.findings;
}
