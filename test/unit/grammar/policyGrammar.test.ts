// The TextMate injection grammar (syntaxes/meshlens-policy.injection.tmLanguage.json) tokenised with
// vscode-textmate + vscode-oniguruma over the YAML grammar from tm-grammars, as VS Code does: policy
// words get meshlens scopes, look-alikes elsewhere do not. A snapshot keeps every meshlens token.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

const root = path.resolve(__dirname, '../../..');
const injectionPath = path.join(root, 'syntaxes', 'meshlens-policy.injection.tmLanguage.json');
const yamlGrammarPath = require.resolve('tm-grammars/grammars/yaml.json');

let grammar: IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scopeName) => {
      if (scopeName === 'source.yaml') return parseRawGrammar(readFileSync(yamlGrammarPath, 'utf8'), yamlGrammarPath);
      if (scopeName === 'meshlens.policy.injection') return parseRawGrammar(readFileSync(injectionPath, 'utf8'), injectionPath);
      return null;
    },
    getInjections: (scopeName) => (scopeName === 'source.yaml' ? ['meshlens.policy.injection'] : undefined),
  });
  grammar = (await registry.loadGrammar('source.yaml'))!;
});

/** Every token that carries a meshlens scope, as `line: text → scope`. */
function meshlensTokens(text: string): string[] {
  const out: string[] = [];
  let stack = INITIAL;
  text.split('\n').forEach((line, index) => {
    const result = grammar.tokenizeLine(line, stack);
    for (const token of result.tokens) {
      const scope = token.scopes.find((s) => s.endsWith('.meshlens'));
      if (scope) out.push(`${index + 1}: ${line.slice(token.startIndex, token.endIndex)} → ${scope}`);
    }
    stack = result.ruleStack;
  });
  return out;
}

const authorizationPolicy = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ap
spec:
  action: DENY   # deny wins
  rules:
  - from:
    - source:
        requestPrincipals: ["*"]
    to:
    - operation:
        methods: ["POST"]
        ports: ["8080"]
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: strict
spec:
  mtls:
    mode: STRICT
  portLevelMtls:
    8080:
      mode: "PERMISSIVE"
`;

const cilium = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: p
spec:
  endpointSelector: {}
  ingress:
  - fromEntities:
    - world
    - kube-apiserver   # reserved identity
    toPorts:
    - ports:
      - port: "80"
      rules:
        http:
        - method: GET
  egress:
  - toEntities: [cluster, host]
  - toEndpoints:
    - matchLabels:
        app: world
    toPorts:
    - ports:
      - port: "53"
      rules:
        dns:
        - matchPattern: "*"
`;

describe('policy injection grammar', () => {
  it('marks Istio actions and mTLS modes, and HTTP-only attributes', () => {
    const tokens = meshlensTokens(authorizationPolicy);
    expect(tokens).toContain('6: DENY → constant.language.action.deny.meshlens');
    expect(tokens).toContain('10: requestPrincipals → entity.name.tag.l7.istio.meshlens');
    expect(tokens).toContain('13: methods → entity.name.tag.l7.istio.meshlens');
    expect(tokens).toContain('22: STRICT → constant.language.mtls-mode.meshlens');
    expect(tokens).toContain('25: PERMISSIVE → constant.language.mtls-mode.meshlens');
    expect(tokens.some((t) => t.startsWith('14: ports'))).toBe(false);
  });

  it('marks Cilium entities only inside fromEntities/toEntities, and L7 rule keys', () => {
    const tokens = meshlensTokens(cilium);
    expect(tokens).toEqual(expect.arrayContaining([
      '9: world → support.constant.entity.cilium.meshlens',
      '10: kube-apiserver → support.constant.entity.cilium.meshlens',
      '15: http → entity.name.tag.l7.cilium.meshlens',
      '18: cluster → support.constant.entity.cilium.meshlens',
      '18: host → support.constant.entity.cilium.meshlens',
      '26: dns → entity.name.tag.l7.cilium.meshlens',
    ]));
    // `app: world` is a label value, not an entity; the comment after kube-apiserver stays a comment.
    expect(tokens.filter((t) => t.startsWith('21:'))).toEqual([]);
    expect(tokens.filter((t) => t.includes('reserved'))).toEqual([]);
  });

  it('keeps the YAML grammar working around the injections', () => {
    let stack = INITIAL;
    const scopes: string[][] = [];
    for (const line of cilium.split('\n')) {
      const result = grammar.tokenizeLine(line, stack);
      scopes.push(result.tokens.flatMap((t) => t.scopes));
      stack = result.ruleStack;
    }
    // After the entities block ends, `toPorts` is tokenised by the YAML grammar as a key again.
    expect(scopes[10].some((s) => s.startsWith('entity.name.tag'))).toBe(true);
    expect(scopes[9].some((s) => s.startsWith('comment'))).toBe(true);
  });

  it('matches the snapshot of all meshlens tokens', async () => {
    const snapshot = [...meshlensTokens(authorizationPolicy).map((t) => `ap ${t}`), ...meshlensTokens(cilium).map((t) => `cnp ${t}`)].join('\n');
    await expect(`${snapshot}\n`).toMatchFileSnapshot('./__snapshots__/policyGrammar.tokens.txt');
  });
});
