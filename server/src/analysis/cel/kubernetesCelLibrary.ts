// The Kubernetes CEL extension functions (k8s.io/apiserver/pkg/cel/library) that CRD validation
// rules may call and that @marcbachmann/cel-js does not ship, as a table: signature, handler, source.
import { RE2JS } from 're2js';
import { isCidr, isIpAddress } from '../schema/schemaFormats';

/** A parsed URL with the accessors of the Kubernetes URL library (Go net/url semantics, simplified). */
export class KubernetesUrl {
  constructor(
    readonly scheme: string,
    readonly host: string,
    readonly escapedPath: string,
    readonly query: string,
  ) {}

  get hostname(): string {
    if (this.host.startsWith('[')) return this.host.slice(1, this.host.indexOf(']'));
    const colon = this.host.lastIndexOf(':');
    return colon === -1 ? this.host : this.host.slice(0, colon);
  }

  get port(): string {
    const close = this.host.lastIndexOf(']');
    const colon = this.host.lastIndexOf(':');
    return colon > close ? this.host.slice(colon + 1) : '';
  }
}

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/**
 * Mirrors Go's url.ParseRequestURI, which the Kubernetes `url()` function uses: an absolute URI or an
 * absolute path; control characters are rejected. Throws with Go's wording on failure.
 */
export function parseKubernetesUrl(text: string): KubernetesUrl {
  if (CONTROL_CHARACTER.test(text)) throw new Error('URL parse error during conversion from string: net/url: invalid control character in URL');
  const schemeMatch = SCHEME.exec(text);
  const scheme = schemeMatch ? schemeMatch[1].toLowerCase() : '';
  let rest = schemeMatch ? text.slice(schemeMatch[0].length) : text;
  if (!scheme && !rest.startsWith('/')) throw new Error(`URL parse error during conversion from string: parse "${text}": invalid URI for request`);
  const hash = rest.indexOf('#');
  if (hash !== -1) rest = rest.slice(0, hash);
  const question = rest.indexOf('?');
  const query = question === -1 ? '' : rest.slice(question + 1);
  if (question !== -1) rest = rest.slice(0, question);
  let host = '';
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash === -1 ? rest.slice(2) : rest.slice(2, slash);
    host = authority.slice(authority.lastIndexOf('@') + 1);
    rest = slash === -1 ? '' : rest.slice(slash);
  }
  return new KubernetesUrl(scheme, host, rest, query);
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

export interface CelLibraryFunction {
  readonly signature: string;
  readonly handler: (...args: never[]) => unknown;
  /** The upstream function this mirrors. */
  readonly upstream: string;
}

const URLS = 'k8s.io/apiserver/pkg/cel/library/urls.go';
const LISTS = 'k8s.io/apiserver/pkg/cel/library/lists.go';
const REGEX = 'k8s.io/apiserver/pkg/cel/library/regex.go';
const IP = 'k8s.io/apiserver/pkg/cel/library/ip.go';
const CIDR = 'k8s.io/apiserver/pkg/cel/library/cidr.go';
const STRINGS = 'cel-go ext/strings.go (Kubernetes enables strings ext v2)';

export const kubernetesCelFunctions: readonly CelLibraryFunction[] = [
  { signature: 'url(string): URL', handler: (text: string) => parseKubernetesUrl(text), upstream: URLS },
  {
    signature: 'isURL(string): bool',
    handler: (text: string) => {
      try {
        parseKubernetesUrl(text);
        return true;
      } catch {
        return false;
      }
    },
    upstream: URLS,
  },
  { signature: 'URL.getScheme(): string', handler: (url: KubernetesUrl) => url.scheme, upstream: URLS },
  { signature: 'URL.getHost(): string', handler: (url: KubernetesUrl) => url.host, upstream: URLS },
  { signature: 'URL.getHostname(): string', handler: (url: KubernetesUrl) => url.hostname, upstream: URLS },
  { signature: 'URL.getPort(): string', handler: (url: KubernetesUrl) => url.port, upstream: URLS },
  { signature: 'URL.getEscapedPath(): string', handler: (url: KubernetesUrl) => url.escapedPath, upstream: URLS },
  {
    signature: 'URL.getQuery(): map<string, list<string>>',
    handler: (url: KubernetesUrl) => {
      const out: Record<string, string[]> = {};
      for (const [key, value] of new URLSearchParams(url.query)) (out[key] ??= []).push(value);
      return out;
    },
    upstream: URLS,
  },
  { signature: 'list.isSorted(): bool', handler: (list: unknown[]) => list.every((v, i) => i === 0 || compare(list[i - 1], v) <= 0), upstream: LISTS },
  { signature: 'list<int>.sum(): int', handler: (list: bigint[]) => list.reduce((a, b) => a + b, 0n), upstream: LISTS },
  { signature: 'list<double>.sum(): double', handler: (list: number[]) => list.reduce((a, b) => a + b, 0), upstream: LISTS },
  {
    signature: 'list.min(): dyn',
    handler: (list: unknown[]) => {
      if (list.length === 0) throw new Error('min called on empty list');
      return list.reduce((a, b) => (compare(b, a) < 0 ? b : a));
    },
    upstream: LISTS,
  },
  {
    signature: 'list.max(): dyn',
    handler: (list: unknown[]) => {
      if (list.length === 0) throw new Error('max called on empty list');
      return list.reduce((a, b) => (compare(b, a) > 0 ? b : a));
    },
    upstream: LISTS,
  },
  {
    signature: 'string.find(string): string',
    handler: (text: string, pattern: string) => {
      const matcher = RE2JS.compile(pattern).matcher(text);
      return matcher.find() ? (matcher.group() ?? '') : '';
    },
    upstream: REGEX,
  },
  {
    signature: 'string.findAll(string): list<string>',
    handler: (text: string, pattern: string) => {
      const matcher = RE2JS.compile(pattern).matcher(text);
      const found: string[] = [];
      while (matcher.find()) found.push(matcher.group() ?? '');
      return found;
    },
    upstream: REGEX,
  },
  { signature: 'isIP(string): bool', handler: (text: string) => isIpAddress(text), upstream: IP },
  { signature: 'isCIDR(string): bool', handler: (text: string) => isCidr(text), upstream: CIDR },
  { signature: 'string.replace(string, string): string', handler: (text: string, from: string, to: string) => text.split(from).join(to), upstream: STRINGS },
  { signature: 'string.charAt(int): string', handler: (text: string, index: bigint) => text.charAt(Number(index)), upstream: STRINGS },
  { signature: 'string.reverse(): string', handler: (text: string) => [...text].reverse().join(''), upstream: STRINGS },
];
