// PeerAuthentication checks of istiod's webhook beyond the CRD (istio/istio pkg/config/validation/validation.go
// ValidatePeerAuthentication). The CRD's CEL rules already cover "portLevelMtls requires selector" and the
// 1-65535 port range, so only the empty-map case and the shared selector/annotation checks remain here.
import type { Finding } from '../../model/finding';
import type { PolicyDocument } from '../../policyDocument';
import { checkPolicyAttachment } from './checkPolicyAttachment';
import { asRecord } from './plainValue';
import { PolicyReporter } from './policyReporter';

export function checkPeerAuthentication(doc: PolicyDocument): Finding[] {
  const report = new PolicyReporter(doc);
  const spec = asRecord(doc.value.spec) ?? {};
  checkPolicyAttachment(doc, spec, report);
  const portLevel = asRecord(spec.portLevelMtls);
  if (portLevel && Object.keys(portLevel).length === 0) {
    report.report('ML3021', ['spec', 'portLevelMtls'], 'port level mTLS, if defined, must have at least one element.', { at: 'key' });
  }
  return report.findings;
}
