// ML3xxx: istiod's validation webhook for AuthorizationPolicy, PeerAuthentication, RequestAuthentication.
import type { FindingCodeDoc } from '../codeDoc';

export const istioCodes: readonly FindingCodeDoc[] = [];
