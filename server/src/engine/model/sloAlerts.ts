import type { DocInfo } from '../source';
import type { FileModel } from './types';

/**
 * Alerts that SLO tools generate from SLO definitions: Sloth `alerting` (page and ticket alerts), Pyrra's
 * burn-rate alerts (runbook via the `pyrra.dev/runbook_url` annotation), OpenSLO AlertPolicy/AlertCondition.
 */
export function extractSloAlerts(_info: DocInfo, _model: FileModel): void {
  // Filled in with the reliability rules (issue: alerts without runbooks).
}
