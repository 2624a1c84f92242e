export { timelineRoutes } from './timeline.routes.ts';
export {
  beforeCursor,
  type SQLBefore,
  type TimelineFilter,
  type TimelineSource,
  type TimelineSubject,
} from './timeline.source.ts';
