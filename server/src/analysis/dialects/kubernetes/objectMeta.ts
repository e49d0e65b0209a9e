// Object name and namespace rules the API server applies to every object before any kind-specific validation
// (k8s.io/apimachinery pkg/api/validation ValidateObjectMeta: name a DNS-1123 subdomain, namespace a DNS-1123 label).
import type { DocumentCheck } from '../../policyDocument';
import { isRecord, PolicyFindings } from '../policyFindings';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const checkObjectMeta: DocumentCheck = (doc) => {
  const findings = new PolicyFindings(doc);
  const metadata = doc.value.metadata;
  if (!isRecord(metadata)) return findings.list;
  const { name, namespace } = metadata;
  if (typeof name === 'string' && name !== '' && (name.length > 253 || !DNS1123_SUBDOMAIN.test(name))) {
    findings.add('ML2520', ['metadata', 'name'], `\`metadata.name\`: "${name}" is not a valid object name: use at most 253 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit.`);
  }
  if (typeof namespace === 'string' && namespace !== '' && (namespace.length > 63 || !DNS1123_LABEL.test(namespace))) {
    findings.add('ML2520', ['metadata', 'namespace'], `\`metadata.namespace\`: "${namespace}" is not a valid namespace: use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit.`);
  }
  return findings.list;
};
