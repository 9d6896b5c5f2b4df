/**
 * The consistency checks `db doctor` runs, in order. A wing of the data layer
 * that keeps an invariant exports its check (the contract is
 * core/consistency.ts) and is listed here.
 */
import { changeRequestsCheck } from '../actions/checks.js';
import type { ConsistencyCheck } from '../core/consistency.js';
import { versionsCheck } from '../versions/checks.js';
import { workflowIdsCheck } from '../workflows/checks.js';

export const CONSISTENCY_CHECKS: ConsistencyCheck[] = [workflowIdsCheck, versionsCheck, changeRequestsCheck];
