// The traffic graph as text, one renderer per format: what `meshlens graph --format <f>` prints and what the
// server's `meshlens/exportTrafficGraph` answers, so the terminal and the editor cannot disagree.
import type { TrafficGraph } from '../trafficGraphModel';
import { graphToDot } from './graphDot';
import { graphToMermaid } from './graphMermaid';

export const graphTextFormats = ['json', 'dot', 'mermaid'] as const;
export type GraphTextFormat = (typeof graphTextFormats)[number];

const renderers: Readonly<Record<GraphTextFormat, (graph: TrafficGraph) => string>> = {
  json: graphToJson,
  dot: graphToDot,
  mermaid: graphToMermaid,
};

/**
 * JSON.stringify escapes quotes, backslashes, control characters and lone surrogates; U+2028/U+2029 are valid raw in
 * JSON but end a line in JavaScript and in some viewers, so they are escaped too.
 */
function graphToJson(graph: TrafficGraph): string {
  return `${JSON.stringify(graph, null, 2).replace(/[\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16)}`)}\n`;
}

export function isGraphTextFormat(value: unknown): value is GraphTextFormat {
  return typeof value === 'string' && (graphTextFormats as readonly string[]).includes(value);
}

export function renderGraphText(graph: TrafficGraph, format: GraphTextFormat): string {
  return renderers[format](graph);
}
