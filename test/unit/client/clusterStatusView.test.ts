// The cluster status-bar item's words per state, and the context names read from kubeconfig texts (names only).
import { describe, expect, it } from 'vitest';
import { clusterStatusView, kubeconfigContexts } from '../../../client/src/clusterStatusView';

describe('cluster status-bar view', () => {
  it('says off, ready with the object count, and lists what could not be read with a warning', () => {
    expect(clusterStatusView({ state: 'off', objects: 0, problems: [] }).text).toBe('$(cloud) cluster: off');
    const ready = clusterStatusView({ state: 'ready', context: 'prod', server: 'https://10.0.0.1:6443', objects: 1234, problems: [] });
    expect(ready.text).toBe('$(cloud) prod');
    expect(ready.tooltip).toContain('prod (https://10.0.0.1:6443): 1234 objects');
    expect(ready.warning).toBe(false);
    const partial = clusterStatusView({ state: 'partial', context: 'prod', objects: 10, problems: ['ciliumnetworkpolicies.cilium.io is not readable (403 Forbidden)'] });
    expect(partial.warning).toBe(true);
    expect(partial.tooltip).toContain('• ciliumnetworkpolicies.cilium.io is not readable (403 Forbidden)');
    expect(clusterStatusView({ state: 'failed', context: 'prod', objects: 0, problems: ['x'] }).tooltip).toContain('the analysis uses the workspace alone');
  });

  it('merges the contexts of several kubeconfigs, the first current-context winning, and skips unreadable ones', () => {
    const a = 'apiVersion: v1\nkind: Config\ncurrent-context: dev\ncontexts:\n- name: dev\n  context: {cluster: c, user: u}\nusers:\n- name: u\n  user: {token: secret}\n';
    const b = '{"current-context": "prod", "contexts": [{"name": "prod"}, {"name": "dev"}]}';
    expect(kubeconfigContexts([a, ': not yaml : [', b])).toEqual({ names: ['dev', 'prod'], current: 'dev' });
    expect(kubeconfigContexts([])).toEqual({ names: [] });
  });
});
