// Semantic checks for Istio policies that upstream applies beyond the schema: one check per kind,
// each a mirror of istiod's validation webhook (istio/istio pkg/config/validation/validation.go).
import type { Finding } from '../../model/finding';
import type { DocumentCheck, PolicyDocument } from '../../policyDocument';
import { checkAuthorizationPolicy } from './checkAuthorizationPolicy';
import { checkPeerAuthentication } from './checkPeerAuthentication';
import { checkRequestAuthentication } from './checkRequestAuthentication';

const checksByKind: Readonly<Record<string, (doc: PolicyDocument) => Finding[]>> = {
  AuthorizationPolicy: checkAuthorizationPolicy,
  PeerAuthentication: checkPeerAuthentication,
  RequestAuthentication: checkRequestAuthentication,
};

const checkIstioPolicy: DocumentCheck = (doc) => checksByKind[doc.kind.kind]?.(doc) ?? [];

export const istioChecks: readonly DocumentCheck[] = [checkIstioPolicy];
