// Serialises what Cytoscape currently draws into a standalone SVG document (Cytoscape itself only
// exports PNG/JPG, and the svg plugin is GPL). Every text is XML-escaped: labels come from user YAML.
import type { Core } from 'cytoscape';
import type { ThemeColors } from './themeColors';

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

const num = (n: number): string => (Math.round(n * 10) / 10).toString();

export function graphToSvg(cy: Core, colors: ThemeColors): string {
  const box = cy.elements().boundingBox({});
  const margin = 20;
  const x0 = box.x1 - margin;
  const y0 = box.y1 - margin;
  const width = Math.max(1, box.w + 2 * margin);
  const height = Math.max(1, box.h + 2 * margin);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${num(x0)} ${num(y0)} ${num(width)} ${num(height)}" width="${num(width)}" height="${num(height)}" font-family="sans-serif">`,
    `<rect x="${num(x0)}" y="${num(y0)}" width="${num(width)}" height="${num(height)}" fill="${colors.background}"/>`,
  ];
  // Groups first so they sit behind their members.
  const nodes = cy.nodes().sort((a, b) => Number(b.isParent()) - Number(a.isParent()));
  for (const node of nodes) {
    const bb = node.boundingBox({ includeLabels: false });
    const stroke = node.style('border-color');
    const fill = node.style('background-color');
    const dash = node.style('border-style') === 'dashed' ? ' stroke-dasharray="6 4"' : '';
    out.push(`<g class="node ${escapeXml(String(node.data('kind')))}"><rect x="${num(bb.x1)}" y="${num(bb.y1)}" width="${num(bb.w)}" height="${num(bb.h)}" rx="6" fill="${fill}" stroke="${stroke}"${dash}/>`);
    const labelY = node.isParent() ? bb.y1 + 12 : node.position('y') + 4;
    out.push(`<text x="${num(node.isParent() ? bb.x1 + bb.w / 2 : node.position('x'))}" y="${num(labelY)}" text-anchor="middle" font-size="11" fill="${colors.foreground}">${escapeXml(String(node.data('label')))}</text></g>`);
  }
  for (const edge of cy.edges()) {
    const s = edge.sourceEndpoint();
    const t = edge.targetEndpoint();
    const m = edge.midpoint();
    // A quadratic curve through the drawn midpoint approximates Cytoscape's bezier.
    const cx = 2 * m.x - (s.x + t.x) / 2;
    const cyy = 2 * m.y - (s.y + t.y) / 2;
    const color = edge.style('line-color');
    const dash = edge.data('verdict') === 'deny' ? ' stroke-dasharray="6 4"' : edge.data('verdict') === 'unknown' ? ' stroke-dasharray="2 3"' : '';
    out.push(`<g class="edge ${escapeXml(String(edge.data('verdict')))}"><path d="M${num(s.x)},${num(s.y)} Q${num(cx)},${num(cyy)} ${num(t.x)},${num(t.y)}" fill="none" stroke="${color}" stroke-width="${edge.data('layer') === 'L7' ? 3 : 1.6}"${dash}/>`);
    const angle = Math.atan2(t.y - m.y, t.x - m.x);
    const a1 = angle + Math.PI - 0.4;
    const a2 = angle + Math.PI + 0.4;
    out.push(`<path d="M${num(t.x)},${num(t.y)} L${num(t.x + 8 * Math.cos(a1))},${num(t.y + 8 * Math.sin(a1))} L${num(t.x + 8 * Math.cos(a2))},${num(t.y + 8 * Math.sin(a2))} Z" fill="${color}"/>`);
    out.push(`<text x="${num(m.x)}" y="${num(m.y - 3)}" text-anchor="middle" font-size="9" fill="${colors.foreground}">${escapeXml(String(edge.data('label')))}</text></g>`);
  }
  out.push('</svg>');
  return out.join('\n');
}
