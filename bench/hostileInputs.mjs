// Hostile inputs for `npm run bench:robustness`: each one once froze the editor (issue 9). Generated,
// deterministic texts; `node bench/hostileInputs.mjs OUT_DIR` writes them as files for the CLI.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const header = (name) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: default\n`;

/** A policy whose spec has a mapping key made of `depth` nested flow mappings (a plausible bad paste). */
export function nestedBraceKey(depth) {
  return `${header('brace-key')}spec:\n  endpointSelector: {}\n  ${'{'.repeat(depth)}${'}'.repeat(depth)}: 1\n`;
}

/** Many small CNPs with the same subject, each with an L7 rule (none cancelled, so every check scans all others), to about `bytes`. */
export function smallCiliumPolicies(bytes) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const doc =
      `---\n${header(`p${i}`)}spec:\n  endpointSelector:\n    matchLabels: {app: web}\n  ingress:\n` +
      `  - fromEndpoints: [{matchLabels: {app: c${i % 50}}}]\n    toPorts:\n    - ports: [{port: "${8000 + (i % 100)}", protocol: TCP}]\n` +
      `      rules:\n        http: [{method: GET, path: /p${i}}]\n`;
    parts.push(doc);
    size += doc.length;
  }
  return parts.join('');
}

/** One CNP whose egress toCIDR list has `count` private /32 addresses (each a "pod range" pitfall). */
export function manyCidrs(count) {
  const lines = [];
  for (let i = 0; i < count; i++) lines.push(`    - 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`);
  return `${header('many-cidrs')}spec:\n  endpointSelector: {}\n  egress:\n  - toCIDR:\n${lines.join('\n')}\n`;
}

/** "Billion laughs": nine levels of nine aliases each. */
export function aliasBomb() {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) {
    const prev = names[i - 1];
    lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `${header('alias-bomb')}spec:\n  endpointSelector: {}\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

/** `depth` nested flow sequences as a spec field. */
export function deepNesting(depth) {
  return `${header('deep')}spec:\n  endpointSelector: {}\n  ingress: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
}

/** A valid multi-document file of about `megabytes` MB (distinct policies). */
export function largeFile(megabytes) {
  return smallCiliumPolicies(megabytes * 1024 * 1024).replaceAll('app: web', 'app: big');
}

/** name → text generator, in the order the bench runs them. */
export const hostileInputs = [
  { name: 'brace-key-300', make: () => nestedBraceKey(300) },
  { name: 'brace-key-450', make: () => nestedBraceKey(450) },
  { name: 'small-cnps-4.9MB', make: () => smallCiliumPolicies(4.9 * 1024 * 1024) },
  { name: 'cidrs-100k', make: () => manyCidrs(100_000) },
  { name: 'alias-bomb', make: aliasBomb },
  { name: 'deep-10k', make: () => deepNesting(10_000) },
  { name: 'open-10MB', make: () => largeFile(10) },
  { name: 'open-50MB', make: () => largeFile(50) },
];

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? 'hostile-inputs';
  mkdirSync(out, { recursive: true });
  for (const input of hostileInputs) writeFileSync(path.join(out, `${input.name}.yaml`), input.make());
  console.log(`wrote ${hostileInputs.length} files to ${out}`);
}
