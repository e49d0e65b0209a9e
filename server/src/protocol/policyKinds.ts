// The policy kinds meshlens understands, for the client (which shows the graph button on files that hold
// one). analysis/policyKinds owns the list; the protocol re-exports it so the client needs no analysis import.
export { policyKinds, type PolicyKind, type PolicyKindName } from '../analysis/policyKinds';
