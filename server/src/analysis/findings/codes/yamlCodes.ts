// ML0xxx: reading the file: YAML syntax, encoding, size, and document recognition.
import type { FindingCodeDoc } from '../codeDoc';

export const yamlCodes: readonly FindingCodeDoc[] = [
  {
    code: 'ML0001',
    name: 'yaml-syntax',
    severity: 'error',
    title: 'YAML syntax error',
    doc: 'The document is not valid YAML (for example a tab used for indentation, an unclosed quote or a bad indent). Nothing else in the document is checked until it parses; other documents in the same file still are.',
    upstream: 'YAML 1.2 spec; kubectl rejects the file with "error converting YAML to JSON".',
  },
  {
    code: 'ML0002',
    name: 'yaml-warning',
    severity: 'warning',
    title: 'YAML warning',
    doc: 'The YAML parser accepted the document but found something suspicious, such as an unknown tag.',
    upstream: 'YAML 1.2 spec.',
  },
  {
    code: 'ML0003',
    name: 'duplicate-key',
    severity: 'error',
    title: 'Duplicate key',
    doc: 'A mapping repeats a key. The Kubernetes API server rejects such YAML in strict mode, and in lax mode the last value silently wins, so half of what you wrote is ignored.',
    upstream: 'kubectl apply --validate=strict (sigs.k8s.io/yaml strict decoding).',
  },
  {
    code: 'ML0004',
    name: 'alias-bomb',
    severity: 'error',
    title: 'Too many YAML aliases',
    doc: 'The document expands more aliases than meshlens allows ("billion laughs" protection). It is not analysed. Policies never need aliases at this scale.',
    upstream: 'Kubernetes API server YAML decoding limits (CVE-2019-11253).',
  },
  {
    code: 'ML0005',
    name: 'not-utf8',
    severity: 'error',
    title: 'File is not UTF-8',
    doc: 'The file contains bytes that are not valid UTF-8. Kubernetes manifests must be UTF-8; invalid bytes were replaced with U+FFFD for analysis.',
    upstream: 'YAML 1.2 spec §5.2 (character encodings); kubectl decodes manifests as UTF-8.',
  },
  {
    code: 'ML0006',
    name: 'file-too-large',
    severity: 'warning',
    title: 'File too large to analyse',
    doc: 'The file is larger than the configured limit, so meshlens does not analyse it, to keep the editor responsive.',
    upstream: 'meshlens limit (the API server caps request bodies at 3 MiB per object).',
  },
  {
    code: 'ML0007',
    name: 'unserved-api-version',
    severity: 'error',
    title: 'API version not served',
    doc: 'The kind is a known policy kind, but the apiVersion is not one the upstream CRD serves, so the API server rejects the document ("no matches for kind").',
    upstream: 'CRD spec.versions[].served in the upstream CRDs.',
  },
  {
    code: 'ML0008',
    name: 'not-an-object',
    severity: 'error',
    title: 'Policy document is not a mapping',
    doc: 'A document that names a policy kind must be a YAML mapping with apiVersion, kind, metadata and spec.',
    upstream: 'Kubernetes API object envelope.',
  },
];
