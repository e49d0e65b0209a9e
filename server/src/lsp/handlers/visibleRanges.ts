// `meshlens/visibleRanges` (protocol/visibleRanges.ts): the lines the editor shows go to the worker, which
// analyses the YAML documents under them first. A malformed notification is ignored.
import { readVisibleRanges, visibleRangesMethod } from '../../protocol/visibleRanges';
import type { ServerContext } from '../serverContext';

export function registerVisibleRanges(context: ServerContext): void {
  context.connection.onNotification(visibleRangesMethod, (params: unknown) => {
    const visible = readVisibleRanges(params);
    if (visible) context.analysis().setViewport(visible.uri, visible.ranges);
  });
}
