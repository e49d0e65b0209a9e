// RequestAuthentication checks of istiod's webhook beyond the CRD (istio/istio pkg/config/validation/validation.go
// ValidateRequestAuthentication, validateJwtRule). The CRD already enforces non-empty audiences, header, cookie and
// param names, the outputClaimToHeaders header pattern, the jwksUri scheme (CEL), jwks/jwksUri exclusivity (CEL)
// and the timeout (CEL), so those are the schema layer's findings.
import type { Finding } from '../../model/finding';
import type { PolicyDocument } from '../../policyDocument';
import { checkPolicyAttachment } from './checkPolicyAttachment';
import { asList, asRecord, nonEmptyString, type PlainRecord } from './plainValue';
import { PolicyReporter } from './policyReporter';
import { jwksProblem } from './jwksContent';
import { jwksUriPortProblem } from './jwksUri';

// The token characters Envoy accepts in a header name, as upstream's strict header-name check.
const HEADER_NAME = /^[-_A-Za-z0-9]+$/;

export function checkRequestAuthentication(doc: PolicyDocument): Finding[] {
  const report = new PolicyReporter(doc);
  const spec = asRecord(doc.value.spec) ?? {};
  checkPolicyAttachment(doc, spec, report);
  const firstIssuer = new Map<string, number>();
  (asList(spec.jwtRules) ?? []).forEach((entry, i) => {
    const rule = asRecord(entry);
    if (!rule) return;
    checkJwtRule(rule, i, report);
    if (nonEmptyString(rule.issuer)) {
      const earlier = firstIssuer.get(rule.issuer);
      if (earlier === undefined) firstIssuer.set(rule.issuer, i);
      else report.report('ML3025', ['spec', 'jwtRules', i, 'issuer'], `issuer ${rule.issuer} is already used by jwtRules[${earlier}]; merge the two rules.`);
    }
  });
  return report.findings;
}

function checkJwtRule(rule: PlainRecord, i: number, report: PolicyReporter): void {
  const path = ['spec', 'jwtRules', i];
  if (!nonEmptyString(rule.issuer) && !nonEmptyString(rule.jwksUri) && !nonEmptyString(rule.jwks_uri)) {
    report.report('ML3022', path, 'issuer or jwksUri must be non-empty string.');
  }
  for (const field of ['jwksUri', 'jwks_uri']) {
    const uri = rule[field];
    const problem = nonEmptyString(uri) ? jwksUriPortProblem(uri) : undefined;
    if (problem) report.report('ML3027', [...path, field], `${problem}.`);
  }
  if (nonEmptyString(rule.jwks)) {
    const problem = jwksProblem(rule.jwks);
    if (problem?.kind === 'parse') report.report('ML3023', [...path, 'jwks'], `jwks parse error: ${problem.message}.`);
    if (problem?.kind === 'private') report.report('ML3024', [...path, 'jwks'], `jwks contains a private key (${problem.message}); publish only the public key.`);
  }
  if (typeof rule.outputPayloadToHeader === 'string' && rule.outputPayloadToHeader !== '' && !HEADER_NAME.test(rule.outputPayloadToHeader)) {
    report.report('ML3026', [...path, 'outputPayloadToHeader'], `header name ${rule.outputPayloadToHeader} is not a valid header name (letters, digits, '-' and '_' only).`);
  }
}
