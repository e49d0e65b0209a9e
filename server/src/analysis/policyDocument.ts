// A YAML document recognised as a policy of a known kind and served version: the unit that schema
// validation, semantic checks, enforcement classification and the traffic graph all read.
import type { Finding } from './model/finding';
import type { PolicyKind } from './policyKinds';
import type { YamlDocument } from './yaml/parseYamlDocuments';

export interface PolicyDocument {
  readonly yaml: YamlDocument;
  readonly kind: PolicyKind;
  readonly apiVersion: string;
  readonly version: string;
  /** The document's value; a mapping (recognition guarantees it). */
  readonly value: Record<string, unknown>;
  readonly name?: string;
  readonly namespace?: string;
}

/** A semantic check mirrors one upstream validator; it never throws on user input. */
export type DocumentCheck = (doc: PolicyDocument) => Finding[];
