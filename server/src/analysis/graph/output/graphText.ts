// The traffic graph as text, one renderer per format: what `meshlens graph --format <f>` prints and what the
// server's `meshlens/exportTrafficGraph` answers, so the terminal and the editor cannot disagree.
import type { TrafficGraph } from '../trafficGraphModel';
import { graphToDot } from './graphDot';
import { graphToMermaid } from './graphMermaid';

export const graphTextFormats = ['json', 'dot', 'mermaid'] as const;
export type GraphTextFormat = (typeof graphTextFormats)[number];

const renderers: Readonly<Record<GraphTextFormat, (graph: TrafficGraph) => string>> = {
  json: (graph) => `${JSON.stringify(graph, null, 2)}\n`,
  dot: graphToDot,
  mermaid: graphToMermaid,
};

export function isGraphTextFormat(value: unknown): value is GraphTextFormat {
  return typeof value === 'string' && (graphTextFormats as readonly string[]).includes(value);
}

export function renderGraphText(graph: TrafficGraph, format: GraphTextFormat): string {
  return renderers[format](graph);
}
