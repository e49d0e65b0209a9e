// Serialises what Cytoscape currently draws into a standalone SVG document (Cytoscape itself only
// exports PNG/JPG, and the svg plugin is GPL). Every text and attribute is XML-escaped: labels come from
// user YAML, and the file is data a viewer must never run.
import type { Core, EdgeSingular, Position } from 'cytoscape';
import { enforcerColour, enforcerLooks, type EnforcerKey, type ThemeKind } from './enforcerPalette';
import type { ThemeColors } from './themeColors';

const xmlEntities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Text safe in XML content and in a quoted attribute: the five markup characters become entities, characters
 * XML 1.0 forbids (C0 controls but tab/newline/CR, lone surrogates, U+FFFE/U+FFFF) become U+FFFD, and newlines
 * a space (an SVG <text> is one line).
 */
export function escapeXml(s: string): string {
  return s
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[&<>"']/g, (ch) => xmlEntities[ch]!);
}

const num = (n: number): string => (Number.isFinite(n) ? (Math.round(n * 10) / 10).toString() : '0');
const finitePoint = (p: Position | undefined): p is Position => p !== undefined && Number.isFinite(p.x) && Number.isFinite(p.y);

/** Where Cytoscape drew the edge; before its first render frame the endpoints are not computed yet, so fall back to the node centres. */
function edgeGeometry(edge: EdgeSingular): { s: Position; t: Position; m: Position } | undefined {
  let s: Position | undefined;
  let t: Position | undefined;
  let m: Position | undefined;
  try { s = edge.sourceEndpoint(); t = edge.targetEndpoint(); m = edge.midpoint(); } catch { /* not rendered yet */ }
  if (!finitePoint(s)) s = edge.source().position();
  if (!finitePoint(t)) t = edge.target().position();
  if (!finitePoint(s) || !finitePoint(t)) return undefined;
  if (!finitePoint(m)) m = { x: (s.x + t.x) / 2, y: (s.y + t.y) / 2 };
  return { s, t, m };
}

/** The arrow marker at `t`, pointing along `angle`: the enforcer's shape, a bar for deny. */
function marker(shape: string, t: Position, angle: number, colour: string): string {
  const at = (r: number, a: number): string => `${num(t.x + r * Math.cos(angle + a))},${num(t.y + r * Math.sin(angle + a))}`;
  const back = (r: number): Position => ({ x: t.x - r * Math.cos(angle), y: t.y - r * Math.sin(angle) });
  const fill = `fill="${escapeXml(colour)}"`;
  switch (shape) {
    case 'tee': { const c = back(2); return `<path d="M${num(c.x + 7 * Math.cos(angle + Math.PI / 2))},${num(c.y + 7 * Math.sin(angle + Math.PI / 2))} L${num(c.x - 7 * Math.cos(angle + Math.PI / 2))},${num(c.y - 7 * Math.sin(angle + Math.PI / 2))}" stroke="${escapeXml(colour)}" stroke-width="3"/>`; }
    case 'circle': { const c = back(5); return `<circle cx="${num(c.x)}" cy="${num(c.y)}" r="5" ${fill}/>`; }
    case 'square': { const c = back(5); return `<rect x="${num(c.x - 5)}" y="${num(c.y - 5)}" width="10" height="10" transform="rotate(${num((angle * 180) / Math.PI)} ${num(c.x)} ${num(c.y)})" ${fill}/>`; }
    case 'diamond': { const c = back(7); return `<path d="M${num(t.x)},${num(t.y)} L${num(c.x + 5 * Math.cos(angle + Math.PI / 2))},${num(c.y + 5 * Math.sin(angle + Math.PI / 2))} L${num(t.x - 14 * Math.cos(angle))},${num(t.y - 14 * Math.sin(angle))} L${num(c.x - 5 * Math.cos(angle + Math.PI / 2))},${num(c.y - 5 * Math.sin(angle + Math.PI / 2))} Z" ${fill}/>`; }
    case 'vee': case 'chevron': return `<path d="M${at(10, Math.PI - 0.5)} L${num(t.x)},${num(t.y)} L${at(10, Math.PI + 0.5)}" fill="none" stroke="${escapeXml(colour)}" stroke-width="2.5"/>`;
    default: return `<path d="M${num(t.x)},${num(t.y)} L${at(10, Math.PI - 0.4)} L${at(10, Math.PI + 0.4)} Z" ${fill}/>`;
  }
}

export function graphToSvg(cy: Core, colors: ThemeColors, kind: ThemeKind): string {
  const drawn = cy.elements(':visible');
  const box = drawn.nonempty() ? drawn.boundingBox({}) : { x1: 0, y1: 0, w: 0, h: 0 };
  const margin = 20;
  const x0 = (Number.isFinite(box.x1) ? box.x1 : 0) - margin;
  const y0 = (Number.isFinite(box.y1) ? box.y1 : 0) - margin;
  const width = Math.max(1, (Number.isFinite(box.w) ? box.w : 0) + 2 * margin);
  const height = Math.max(1, (Number.isFinite(box.h) ? box.h : 0) + 2 * margin);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${num(x0)} ${num(y0)} ${num(width)} ${num(height)}" width="${num(width)}" height="${num(height)}" font-family="sans-serif">`,
    `<rect x="${num(x0)}" y="${num(y0)}" width="${num(width)}" height="${num(height)}" fill="${escapeXml(colors.background)}"/>`,
  ];
  // Groups first so they sit behind their members.
  const nodes = cy.nodes(':visible').sort((a, b) => Number(b.isParent()) - Number(a.isParent()));
  for (const node of nodes) {
    const bb = node.boundingBox({ includeLabels: false });
    const stroke = String(node.style('border-color'));
    const fill = String(node.style('background-color'));
    const dash = node.style('border-style') === 'dashed' ? ' stroke-dasharray="6 4"' : '';
    out.push(`<g class="node ${escapeXml(String(node.data('kind')))}"><rect x="${num(bb.x1)}" y="${num(bb.y1)}" width="${num(bb.w)}" height="${num(bb.h)}" rx="6" fill="${escapeXml(fill)}" stroke="${escapeXml(stroke)}"${dash}/>`);
    const labelY = node.isParent() ? bb.y1 + 14 : node.position('y') + 5;
    out.push(`<text x="${num(node.isParent() ? bb.x1 + bb.w / 2 : node.position('x'))}" y="${num(labelY)}" text-anchor="middle" font-size="13" fill="${escapeXml(colors.foreground)}">${escapeXml(String(node.data('label')))}</text></g>`);
  }
  for (const edge of cy.edges(':visible')) {
    const geometry = edgeGeometry(edge);
    if (!geometry) continue;
    const { s, t, m } = geometry;
    // A quadratic curve through the drawn midpoint approximates Cytoscape's bezier.
    const cx = 2 * m.x - (s.x + t.x) / 2;
    const cyy = 2 * m.y - (s.y + t.y) / 2;
    const verdict = String(edge.data('verdict'));
    const enforcer = String(edge.data('enforcer')) as EnforcerKey;
    const colour = verdict === 'allow' ? enforcerColour(enforcer, kind) : verdict === 'deny' ? colors.deny : colors.muted;
    const dash = verdict === 'deny' ? ' stroke-dasharray="6 4"' : verdict === 'unknown' ? ' stroke-dasharray="2 3"' : '';
    const shape = verdict === 'deny' ? 'tee' : verdict === 'allow' ? (enforcerLooks[enforcer]?.marker ?? 'triangle') : 'triangle';
    out.push(`<g class="edge ${escapeXml(verdict)}"><path d="M${num(s.x)},${num(s.y)} Q${num(cx)},${num(cyy)} ${num(t.x)},${num(t.y)}" fill="none" stroke="${escapeXml(colour)}" stroke-width="${edge.data('layer') === 'L7' ? 3.5 : 2}"${dash}/>`);
    out.push(marker(shape, t, Math.atan2(t.y - m.y, t.x - m.x), colour));
    out.push(`<title>${escapeXml(String(edge.data('label')))}</title>`);
    const caption = String(edge.data('caption') ?? '');
    out.push(caption ? `<text x="${num(m.x)}" y="${num(m.y - 4)}" text-anchor="middle" font-size="11" fill="${escapeXml(colors.foreground)}">${escapeXml(caption)}</text></g>` : '</g>');
  }
  out.push('</svg>');
  return out.join('\n');
}
