export { historyRoutes } from './history-routes';
export type { HistoryRoutesOptions } from './history-routes';
