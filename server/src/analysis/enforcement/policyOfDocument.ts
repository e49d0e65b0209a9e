// The policy view of an analysed document, also for half-typed documents that analyzeDocument did not
// recognise because of YAML errors: hover and inlay hints still annotate what can be read.
import type { DocumentAnalysis } from '../analyzeFile';
import type { PolicyDocument } from '../policyDocument';
import { policyKindNamed, splitApiVersion } from '../policyKinds';

export function policyOfDocument(document: DocumentAnalysis): PolicyDocument | undefined {
  if (document.policy) return document.policy;
  const value = document.yaml.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const kind = policyKindNamed(record.kind);
  if (!kind) return undefined;
  const apiVersion = typeof record.apiVersion === 'string' ? record.apiVersion : '';
  const { version } = splitApiVersion(apiVersion);
  return { yaml: document.yaml, kind, apiVersion, version, value: record, name: document.summary.name, namespace: document.summary.namespace };
}
