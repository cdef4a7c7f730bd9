/**
 * Shared UI pieces of the AWS ops plugins.
 *
 * @packageDocumentation
 */
export { StatusChip, type StatusLevel } from './components/StatusChip';
export { ErrorsPanel } from './components/ErrorsPanel';
export { DemoDataBanner } from './components/DemoDataBanner';
export { UpdatedAgo, formatAge } from './components/UpdatedAgo';
export { Identifier } from './components/Identifier';
export { useAutoRefresh } from './hooks/useAutoRefresh';
export { saveBlob } from './utils/saveBlob';
export {
  OpsTable,
  type OpsTableColumn,
  type OpsTableRow,
  type OpsTableDetail,
} from './components/OpsTable';
