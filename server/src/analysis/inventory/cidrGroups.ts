// What a Cilium `cidrGroupRef` / `cidrGroupSelector` stands for: the externalCIDRs of the CiliumCIDRGroups
// it names or selects. A group that does not exist contributes no CIDR, so a rule naming only missing groups
// selects nothing (cilium pkg/policy/api/cidr.go CIDRRule; the groups are turned into CIDR identities by
// the agent's CIDR group controller). Source: cilium Documentation/network/kubernetes/ciliumcidrgroup.rst.
import type { CidrGroupInfo } from './inventoryModel';

/** The group named by a cidrGroupRef, or undefined when the workspace has none of that name. */
export function cidrGroupNamed(groups: readonly CidrGroupInfo[] | undefined, name: string): CidrGroupInfo | undefined {
  return groups?.find((g) => g.name === name);
}

/** The groups a cidrGroupSelector's matchLabels picks (matchExpressions are not read: undefined). */
export function cidrGroupsSelectedBy(groups: readonly CidrGroupInfo[] | undefined, selector: { matchLabels?: Record<string, unknown>; matchExpressions?: unknown }): CidrGroupInfo[] | undefined {
  if (Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0) return undefined;
  const wanted = Object.entries(selector.matchLabels ?? {});
  return (groups ?? []).filter((g) => wanted.every(([k, v]) => g.labels[k] === v));
}
