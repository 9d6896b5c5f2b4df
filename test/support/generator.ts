/**
 * A realistic, deterministic data set for tests, the demo and benchmarks, in
 * the shapes the backend (cafinc/ERP) writes: ObjectId workflows, version
 * chains saved by its create_version (DeepDiff diffs) and rollbacks made by
 * its rollback_to_version, runs logged with the run nested under `execution`
 * (succeeding with failed actions, as its executor does), action attempts
 * with retries under each strategy, audit events of every type; plus a small
 * share of flat documents and ISO-string times written by other tools.
 *
 * Same seed and `now` → same documents (ObjectIds included). Written in
 * batches while generated, so memory stays flat at any scale.
 */
import { ObjectId, type Collection, type Document } from 'mongodb';
import type { DataSource } from '../../src/data/core/index.js';
import { computeVersionDiff } from '../../src/data/versions/index.js';
import { AUDIT_EVENT_TYPES } from '../../src/data/core/index.js';

export interface GenerateOptions {
  workflows?: number;
  days?: number;
  /** multiplies the number of executions (and so attempts and audit events) */
  scale?: number;
  /** total executions; overrides workflows×days×scale */
  executions?: number;
  seed?: number;
  now?: Date;
  /** share of documents in legacy shapes (default 0.01) */
  legacyShare?: number;
  /** audit events per execution at action level (default 0.2) */
  actionAuditShare?: number;
  onProgress?: (message: string) => void;
}

export interface GenerateSummary {
  workflows: number;
  versions: number;
  executions: number;
  attempts: number;
  audit: number;
  seconds: number;
  /** the workflow whose current version fails far more often than the one before (null when none fit) */
  regressed: string | null;
}

/** mulberry32: small, fast, good enough for data that must look random. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Users as the backend names them: `str(user _id)`, a 24-hex string, with the
 * address and agent of their usual client. A few of wfctl's own operators
 * (OS user names) write versions too.
 */
const USERS = [
  [
    '64f1a2b3c4d5e6f708192a01',
    '10.20.1.14',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/17.5',
  ],
  ['64f1a2b3c4d5e6f708192a02', '10.20.1.37', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36'],
  ['64f1a2b3c4d5e6f708192a03', '10.20.2.8', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/127.0'],
  ['64f1a2b3c4d5e6f708192a04', '10.20.2.91', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/126.0'],
  [
    '64f1a2b3c4d5e6f708192a05',
    '192.168.10.5',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Chrome/126.0 Safari/537.36',
  ],
  ['64f1a2b3c4d5e6f708192a06', '10.20.3.44', 'PostmanRuntime/7.39.0'],
  ['64f1a2b3c4d5e6f708192a07', '10.20.3.52', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148'],
  ['64f1a2b3c4d5e6f708192a08', '10.20.4.2', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/125.0 Safari/537.36'],
  ['64f1a2b3c4d5e6f708192a09', '172.16.0.23', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/127.0'],
  ['64f1a2b3c4d5e6f708192a0a', '10.20.5.19', 'curl/8.7.1'],
  ['64f1a2b3c4d5e6f708192a0b', '10.20.5.77', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Firefox/127.0'],
  ['svc-deploy', '10.0.0.12', 'deploy-bot/2.4.1'],
] as const;

/** The backend's ActionType and TriggerType values. */
const ACTION_TYPES = [
  'send_notification',
  'send_email',
  'send_sms',
  'update_dispatch',
  'create_invoice',
  'deduct_consumables',
  'update_equipment',
  'create_task',
  'call_webhook',
  'conditional',
  'delay',
] as const;
const TRIGGERS = ['scheduled', 'webhook', 'event', 'manual'] as const;
const STRATEGIES = ['none', 'immediate', 'linear', 'exponential'] as const;
const TAGS = ['customer', 'invoice', 'dispatch', 'inventory', 'alert', 'scheduled', 'safety', 'finance', 'ops'];
const WORKFLOW_NAMES = [
  'Invoice sync',
  'Customer onboarding',
  'Nightly report',
  'Lead enrichment',
  'Churn alert',
  'Payment reconciliation',
  'Ticket triage',
  'Inventory restock',
  'Contract renewal',
  'Data warehouse load',
  'Fraud screening',
  'Welcome email',
  'SLA breach escalation',
  'Expense approval',
  'Backup verification',
  'GDPR erasure',
  'Order fulfilment',
  'Price update',
  'Partner webhook relay',
  'Weekly digest',
];
const ERRORS: Array<(r: () => number) => string> = [
  (r) =>
    `Timeout after ${[5000, 10000, 30000][Math.floor(r() * 3)]}ms calling https://api.example.com/v1/invoices/INV-${10000 + Math.floor(r() * 90000)}`,
  (r) =>
    `HTTP 503 Service Unavailable from payments-service (request ${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)})`,
  (r) => `ECONNREFUSED 10.0.${Math.floor(r() * 8)}.${Math.floor(r() * 250)}:5432`,
  (r) => `ValidationError: field 'amount' must be positive (got -${Math.floor(r() * 1000)})`,
  (r) => `Rate limit exceeded, retry after ${1 + Math.floor(r() * 60)}s`,
  (r) => `SMTP 421 4.7.0 Try again later (queue id ${hex(r, 10).toUpperCase()})`,
  (r) => `Record 0x${hex(r, 6)} not found in table customers`,
];

function hex(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(r() * 16).toString(16);
  return s;
}

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

/** Deterministic ObjectIds whose time part is the document's own time. */
function objectIdFactory(seed: number): (at: Date) => ObjectId {
  let counter = (seed * 7919) & 0xffffff;
  const machine = [(seed >>> 16) & 0xff, (seed >>> 8) & 0xff, seed & 0xff, 0x77, 0xcf];
  return (at: Date) => {
    const b = Buffer.alloc(12);
    b.writeUInt32BE(Math.max(0, Math.floor(at.getTime() / 1000)), 0);
    for (let i = 0; i < 5; i++) b[4 + i] = machine[i]!;
    counter = (counter + 1) & 0xffffff;
    b.writeUIntBE(counter, 9, 3);
    return new ObjectId(b);
  };
}

class BatchWriter {
  private readonly buffers = new Map<Collection<Document>, Document[]>();
  private readonly pending = new Set<Promise<unknown>>();
  counts = new Map<string, number>();
  constructor(
    private readonly batchSize = 5000,
    private readonly concurrency = 2,
  ) {}

  async add(coll: Collection<Document>, doc: Document): Promise<void> {
    let buf = this.buffers.get(coll);
    if (!buf) this.buffers.set(coll, (buf = []));
    buf.push(doc);
    this.counts.set(coll.collectionName, (this.counts.get(coll.collectionName) ?? 0) + 1);
    if (buf.length >= this.batchSize) await this.flush(coll);
  }

  private async flush(coll: Collection<Document>): Promise<void> {
    const buf = this.buffers.get(coll);
    if (!buf || buf.length === 0) return;
    this.buffers.set(coll, []);
    while (this.pending.size >= this.concurrency) await Promise.race(this.pending);
    const p = coll.insertMany(buf, { ordered: false }).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  async close(): Promise<void> {
    for (const coll of this.buffers.keys()) await this.flush(coll);
    await Promise.all(this.pending);
  }
}

/** An action as the backend stores it (WorkflowAction), plus the retry policy its retry handler applies. */
interface Action {
  action_type: string;
  name: string;
  config: Record<string, unknown>;
  order: number;
  enabled: boolean;
  retry?: { strategy: string; max_retries: number };
}

/** The workflow's fields as custom_workflows holds them (CustomWorkflow, without _id). */
interface WorkflowState {
  id?: string;
  name: string;
  description: string;
  trigger: { trigger_type: string; config: Record<string, unknown> };
  actions: Action[];
  enabled: boolean;
  tags: string[];
  created_by: string;
  created_at: Date;
  updated_at: Date;
  execution_count: number;
  last_execution: Date | null;
  rollback_info?: { rolled_back_at: Date; rolled_back_by: string; from_version: number; reason: string };
}

function actionConfig(r: () => number, type: string, i: number): Record<string, unknown> {
  switch (type) {
    case 'send_email':
      return {
        to_email: pick(r, ['ops@example.com', 'billing@example.com']),
        subject: 'Update for {{customer_name}}',
        body: 'Your request {{dispatch_id}} was processed.',
      };
    case 'send_notification':
      return {
        title: pick(r, ['Crew arrived', 'Invoice ready', 'Low stock']),
        message: '{{site_name}}: {{status}}',
        notification_type: 'info',
        priority: pick(r, ['normal', 'high']),
      };
    case 'send_sms':
      return { phone: '{{customer_phone}}', message: 'Your crew has arrived.' };
    case 'call_webhook':
      return {
        url: `https://hooks.example.com/${pick(r, ['erp', 'crm', 'billing'])}`,
        method: pick(r, ['POST', 'PUT']),
        payload: { id: '{{dispatch_id}}' },
      };
    case 'create_invoice':
      return { customer_id: '{{customer_id}}', subtotal: 120.5, tax: 9.64, total: 130.14 };
    case 'deduct_consumables':
      return { consumable_id: '{{consumable_id}}', quantity: 1 + Math.floor(r() * 5) };
    case 'delay':
      return { seconds: 1 + Math.floor(r() * 30) };
    default:
      return { step: i + 1 };
  }
}

function makeAction(r: () => number, i: number): Action {
  const type = pick(r, ACTION_TYPES);
  const strategy = pick(r, STRATEGIES);
  const base: Action = {
    action_type: type,
    name: `${type.replace(/_/g, ' ')} ${i + 1}`,
    config: actionConfig(r, type, i),
    order: i + 1,
    enabled: r() > 0.05,
  };
  if (strategy !== 'none' || r() < 0.5)
    base.retry = { strategy, max_retries: strategy === 'none' ? 0 : 1 + Math.floor(r() * 3) };
  return base;
}

function renumber(actions: Action[]): void {
  actions.forEach((a, i) => (a.order = i + 1));
}

function mutate(r: () => number, s: WorkflowState): { state: WorkflowState; message: string } {
  const next: WorkflowState = structuredClone(s);
  const roll = r();
  let message: string;
  if (roll < 0.15) {
    next.description = `${s.name}: ${pick(r, ['handles retries better', 'covers EU customers', 'sends fewer emails', 'adds audit fields', 'faster polling'])}`;
    message = 'Updated description';
  } else if (roll < 0.3 && next.actions.length < 8) {
    const a = makeAction(r, next.actions.length);
    next.actions.splice(Math.floor(r() * (next.actions.length + 1)), 0, a);
    renumber(next.actions);
    message = `Added ${a.action_type} action "${a.name}"`;
  } else if (roll < 0.4 && next.actions.length > 2) {
    const [removed] = next.actions.splice(Math.floor(r() * next.actions.length), 1);
    renumber(next.actions);
    message = `Removed action "${removed!.name}"`;
  } else if (roll < 0.5 && next.actions.length > 1) {
    const i = Math.floor(r() * (next.actions.length - 1));
    [next.actions[i], next.actions[i + 1]] = [next.actions[i + 1]!, next.actions[i]!];
    renumber(next.actions);
    message = `Moved "${next.actions[i + 1]!.name}" after "${next.actions[i]!.name}"`;
  } else if (roll < 0.7 && next.actions.length > 0) {
    const a = next.actions[Math.floor(r() * next.actions.length)]!;
    const strategy = pick(r, STRATEGIES);
    a.retry = { strategy, max_retries: strategy === 'none' ? 0 : 1 + Math.floor(r() * 3) };
    message = `Retry policy of "${a.name}": ${strategy}`;
  } else if (roll < 0.8) {
    next.tags = [...new Set([...next.tags.filter(() => r() > 0.3), pick(r, TAGS)])];
    message = 'Updated tags';
  } else if (roll < 0.92) {
    next.trigger =
      next.trigger.trigger_type === 'scheduled'
        ? { ...next.trigger, config: { schedule: `${Math.floor(r() * 60)} ${Math.floor(r() * 24)} * * *` } }
        : { ...next.trigger, config: { ...next.trigger.config, filters: { priority: pick(r, ['high', 'normal']) } } };
    message = 'Changed trigger settings';
  } else {
    next.enabled = !next.enabled;
    message = next.enabled ? 'Enabled workflow' : 'Disabled workflow';
  }
  return { state: next, message };
}

/** The workflow's fields as a client saves them in a version: a plain copy, `id` included (the API's GET returns it). */
function workflowData(s: WorkflowState): Record<string, unknown> {
  return structuredClone(s) as unknown as Record<string, unknown>;
}

export async function generateDataset(ds: DataSource, options: GenerateOptions = {}): Promise<GenerateSummary> {
  const t0 = performance.now();
  const seed = options.seed ?? 42;
  const r = prng(seed);
  const now = options.now ?? new Date();
  const days = options.days ?? 30;
  const nWorkflows = options.workflows ?? 12;
  const scale = options.scale ?? 1;
  const totalExecutions = options.executions ?? Math.round(nWorkflows * days * 12 * scale);
  const legacyShare = options.legacyShare ?? 0.01;
  const actionAuditShare = options.actionAuditShare ?? 0.2;
  const oid = objectIdFactory(seed);
  const start = new Date(now.getTime() - days * 86_400_000);
  const w = new BatchWriter();
  const log = options.onProgress ?? (() => undefined);
  const coll = {
    workflows: ds.workflows as unknown as Collection<Document>,
    versions: ds.versions as unknown as Collection<Document>,
    audit: ds.audit as unknown as Collection<Document>,
    attempts: ds.attempts as unknown as Collection<Document>,
    executions: ds.executions as unknown as Collection<Document>,
  };
  const user = () => pick(r, USERS);
  /** an audit record as the backend's WorkflowAuditLogger.log_event writes it */
  const audit = async (
    event_type: string,
    at: Date,
    fields: {
      workflow_id?: string | null;
      user?: readonly [string, string, string] | null;
      details?: Record<string, unknown>;
    },
  ) => {
    const u = fields.user;
    const legacy = r() < legacyShare;
    const metadata = u ? { ip_address: u[1], user_agent: u[2] } : {};
    await w.add(coll.audit, {
      _id: oid(at),
      event_type,
      workflow_id: fields.workflow_id ?? null,
      user_id: u ? u[0] : null,
      details: fields.details ?? {},
      metadata,
      // a few records of older tools: ISO text (with a space, as Python's str() writes it, or a T)
      timestamp: legacy
        ? r() < 0.5
          ? at.toISOString().replace('T', ' ').replace('Z', '')
          : at.toISOString().replace('Z', '')
        : at,
      ip_address: u ? u[1] : null,
      user_agent: u ? u[2] : null,
    });
  };

  // ---- workflows and their version chains --------------------------------
  const workflows: Array<{
    id: string;
    state: WorkflowState;
    failRate: number;
    currentSince: number;
    regressedSince: number;
    weight: number;
    runs: number;
    lastRun: Date | null;
    flat: boolean;
  }> = [];
  let versionCount = 0;
  for (let i = 0; i < nWorkflows; i++) {
    const name =
      WORKFLOW_NAMES[i % WORKFLOW_NAMES.length]! +
      (i >= WORKFLOW_NAMES.length ? ` ${Math.floor(i / WORKFLOW_NAMES.length) + 1}` : '');
    const creator = user();
    const createdAt = new Date(start.getTime() - (1 + r() * 60) * 86_400_000);
    const _id = oid(createdAt);
    // the last workflow is one written by another tool: a string id, is_active, trigger.type
    const flat = i === nWorkflows - 1 && nWorkflows > 3 && legacyShare > 0;
    const id = flat ? `wf-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : _id.toHexString();
    const triggerType = pick(r, TRIGGERS);
    let state: WorkflowState = {
      id,
      name,
      description: `${name} workflow`,
      trigger: {
        trigger_type: triggerType,
        config:
          triggerType === 'scheduled'
            ? { schedule: '0 6 * * *' }
            : triggerType === 'event'
              ? { event: pick(r, ['dispatch_completed', 'geofence_entry', 'stock_below_threshold']) }
              : triggerType === 'webhook'
                ? { webhook_id: hex(r, 12) }
                : {},
      },
      actions: Array.from({ length: 2 + Math.floor(r() * r() * 3) }, (_, k) => makeAction(r, k)),
      enabled: r() > 0.15,
      tags: [pick(r, TAGS), pick(r, TAGS)].filter((t, k, all) => all.indexOf(t) === k),
      created_by: creator[0],
      created_at: createdAt,
      updated_at: createdAt,
      execution_count: 0,
      last_execution: null,
    };
    await audit('workflow_created', createdAt, {
      workflow_id: id,
      user: creator,
      details: { template_id: `tmpl-${hex(r, 6)}`, template_name: name },
    });
    const history: Array<Record<string, unknown>> = [];
    const nVersions = 2 + Math.floor(r() * r() * 25);
    let at = createdAt;
    let prevData: Record<string, unknown> = {};
    for (let v = 1; v <= nVersions; v++) {
      const by = user();
      let message = 'Initial version';
      let rollbackTo: number | undefined;
      let reason: string | undefined;
      if (v > 1)
        at = new Date(
          Math.min(
            now.getTime() - 3600_000,
            at.getTime() + r() * ((now.getTime() - at.getTime()) / (nVersions - v + 2)),
          ),
        );
      if (v > 3 && r() < 0.12) {
        // the backend's rollback: the target's data, stamped with updated_at and rollback_info
        rollbackTo = 1 + Math.floor(r() * (v - 2));
        reason = pick(r, [
          `v${v - 1} broke invoices`,
          'Errors spiked after deploy',
          'Customer complaints about duplicate emails',
          'Reverting untested change',
          'Webhook payload mismatch',
        ]);
        const target = structuredClone(history[rollbackTo - 1]) as unknown as WorkflowState;
        state = {
          ...target,
          updated_at: at,
          rollback_info: { rolled_back_at: at, rolled_back_by: by[0], from_version: rollbackTo, reason },
        };
        message = `Rolled back to version ${rollbackTo}. Reason: ${reason}`;
      } else if (v > 1) {
        const m = mutate(r, state);
        const toggled = m.state.enabled !== state.enabled;
        state = { ...m.state, updated_at: at };
        message = m.message;
        await audit(toggled ? (state.enabled ? 'workflow_enabled' : 'workflow_disabled') : 'workflow_updated', at, {
          workflow_id: id,
          user: by,
          details: { name },
        });
      }
      const data = workflowData(state);
      await w.add(coll.versions, {
        _id: oid(at),
        workflow_id: id,
        version_number: v,
        workflow_data: data,
        change_description: message,
        changed_by: by[0],
        changed_at: at,
        diff: computeVersionDiff(prevData, data),
        is_current: v === nVersions,
      });
      versionCount++;
      history.push(data);
      prevData = data;
      if (rollbackTo !== undefined)
        await audit('workflow_rolled_back', at, {
          workflow_id: id,
          user: by,
          details: { version_number: rollbackTo, reason },
        });
      await audit('version_created', at, { workflow_id: id, user: by, details: { version_number: v } });
    }
    workflows.push({
      id,
      state,
      failRate: i % 5 === 1 ? 0.35 : i % 5 === 3 ? 0.12 : 0.03,
      currentSince: at.getTime(),
      regressedSince: Infinity,
      weight: 0.3 + r() * 2,
      runs: 0,
      lastRun: null,
      flat,
    });
  }
  // one bad current version (for version health and check regression): the first reliable workflow
  // whose current version came in the middle of the window fails far more often since
  const spanOfRuns = now.getTime() - start.getTime();
  const regressed = workflows.find(
    (x) =>
      x.failRate < 0.05 &&
      x.currentSince > start.getTime() + spanOfRuns / 3 &&
      x.currentSince < now.getTime() - spanOfRuns / 6,
  );
  if (regressed) regressed.regressedSince = regressed.currentSince;
  // a workflow that was deleted: its versions and audit records outlive it
  const retiredAt = new Date(start.getTime() + 86_400_000);
  const retired = oid(new Date(start.getTime() - 90 * 86_400_000)).toHexString();
  const retiredData = {
    name: 'Retired export',
    description: 'Exported dispatches nightly',
    trigger: { trigger_type: 'scheduled', config: { schedule: '0 2 * * *' } },
    actions: [],
    enabled: false,
    tags: [],
  };
  await w.add(coll.versions, {
    _id: oid(retiredAt),
    workflow_id: retired,
    version_number: 1,
    workflow_data: retiredData,
    change_description: 'Initial version',
    changed_by: USERS[0][0],
    changed_at: new Date(retiredAt.getTime() - 86_400_000),
    diff: computeVersionDiff({}, retiredData),
    is_current: true,
  });
  versionCount++;
  await audit('workflow_deleted', retiredAt, {
    workflow_id: retired,
    user: USERS[0],
    details: { name: 'Retired export' },
  });
  log(`workflows ${nWorkflows}, versions ${versionCount}`);

  // ---- executions, attempts and runtime audit events ---------------------
  const totalWeight = workflows.reduce((s, x) => s + x.weight, 0);
  const spanMs = now.getTime() - start.getTime();
  let attempts = 0;
  for (let e = 0; e < totalExecutions; e++) {
    // spread over the period with a daily rhythm: busier in working hours
    let at = new Date(start.getTime() + ((e + r()) / totalExecutions) * spanMs);
    const hour = at.getUTCHours();
    if ((hour < 6 || hour > 20) && r() < 0.5) at = new Date(at.getTime() - 6 * 3600_000 * r());
    if (at.getTime() < start.getTime()) at = new Date(start.getTime() + r() * 3600_000);
    let pickW = r() * totalWeight;
    let wf = workflows[0]!;
    for (const x of workflows) {
      pickW -= x.weight;
      if (pickW <= 0) {
        wf = x;
        break;
      }
    }
    const executionId = oid(at);
    const failRate = at.getTime() >= wf.regressedSince ? 0.6 : wf.failRate;
    const triggerType = wf.state.trigger.trigger_type;
    const by = triggerType === 'manual' ? user() : null;
    let t = at.getTime();
    const completed: string[] = [];
    const failedActions: string[] = [];
    let lastError: string | undefined;
    for (const action of [...wf.state.actions].sort((a, b) => a.order - b.order)) {
      if (!action.enabled) continue;
      const strategy = action.retry?.strategy ?? 'none';
      const maxTries = 1 + (strategy === 'none' ? 0 : (action.retry?.max_retries ?? 0));
      const failP =
        failRate * (action.action_type === 'call_webhook' || action.action_type === 'send_email' ? 1.6 : 0.6);
      let ok = false;
      for (let attempt = 1; attempt <= maxTries; attempt++) {
        ok = r() > failP * (attempt > 1 ? 0.7 : 1);
        const duration = Math.round(20 + r() * r() * (action.action_type === 'delay' ? 5000 : 1500));
        const error = ok ? null : ERRORS[Math.floor(r() * r() * ERRORS.length)]!(r);
        const attemptAt = new Date(t);
        await w.add(coll.attempts, {
          _id: oid(attemptAt),
          workflow_id: wf.id,
          execution_id: executionId.toHexString(),
          action_name: action.name,
          attempt,
          success: ok,
          error,
          timestamp: attemptAt,
          duration_ms: duration,
          strategy,
        });
        attempts++;
        if (r() < actionAuditShare) {
          const type = ok ? 'action_executed' : attempt < maxTries ? 'action_retried' : 'action_failed';
          await audit(type, attemptAt, {
            workflow_id: wf.id,
            user: null,
            details: {
              execution_id: executionId.toHexString(),
              action_name: action.name,
              attempt,
              ...(error ? { error } : {}),
            },
          });
        }
        // the retry handler's delays: linear 5 s, exponential 5 s x 2^attempt
        t +=
          duration +
          (ok ? 0 : strategy === 'exponential' ? 5000 * 2 ** (attempt - 1) : strategy === 'linear' ? 5000 : 0);
        if (ok) break;
        lastError = error ?? undefined;
      }
      // the backend's executor goes on after a failed action and still calls the run a success
      if (ok) completed.push(action.name);
      else failedActions.push(action.name);
    }
    // a run fails as a whole only when the executor itself raised (rare), e.g. the database write
    const raised = r() < failRate * 0.3;
    const status = raised ? 'failed' : 'success';
    const error = raised
      ? (lastError ?? 'ServerSelectionTimeoutError: localhost:27017: [Errno 111] Connection refused')
      : null;
    const completedAt = new Date(t);
    const legacy = wf.flat || r() < legacyShare;
    if (legacy) {
      // another tool's flat document, now and then with an ISO-string start
      await w.add(coll.executions, {
        _id: executionId,
        execution_id: `exec-${hex(r, 8)}-${e.toString(36)}`,
        workflow_id: wf.id,
        status: failedActions.length > 0 && !raised ? 'failed' : status,
        started_at: r() < 0.3 ? at.toISOString().replace('Z', '') : at,
        completed_at: completedAt,
        duration_ms: t - at.getTime(),
        trigger_type: triggerType,
        ...(error ? { error } : {}),
      });
    } else {
      await w.add(coll.executions, {
        _id: executionId,
        workflow_id: wf.id,
        workflow_name: wf.state.name,
        execution: {
          workflow_id: wf.id,
          started_at: at,
          completed_at: completedAt,
          status,
          actions_completed: completed,
          actions_failed: failedActions,
          error,
          context:
            triggerType === 'manual'
              ? { requested_by: by?.[0] ?? null }
              : {
                  trigger_type: triggerType,
                  ...(triggerType === 'scheduled' ? { cron_expression: wf.state.trigger.config.schedule ?? null } : {}),
                },
        },
        created_at: new Date(t + 3),
      });
    }
    if (status === 'success') {
      wf.runs++;
      wf.lastRun = completedAt;
    }
    await audit(status === 'success' ? 'workflow_executed' : 'workflow_execution_failed', completedAt, {
      workflow_id: wf.id,
      user: by,
      details: {
        execution_id: executionId.toHexString(),
        status,
        actions_failed: failedActions.length,
        ...(error ? { error } : {}),
      },
    });
    if (r() < 0.15) {
      const type =
        triggerType === 'webhook' ? 'webhook_received' : triggerType === 'event' ? 'event_emitted' : 'trigger_fired';
      await audit(type, at, {
        workflow_id: wf.id,
        user: null,
        details: { execution_id: executionId.toHexString(), trigger: triggerType },
      });
    }
    if (e % 100_000 === 99_999) log(`executions ${e + 1} of ${totalExecutions}`);
  }

  // the live documents: the highest version's state, with the executor's run counters
  for (const x of workflows) {
    const { id, ...fields } = x.state;
    const createdAt = x.state.created_at;
    const runs = { execution_count: x.runs, last_execution: x.lastRun };
    await w.add(
      coll.workflows,
      x.flat
        ? {
            _id: oid(createdAt),
            id,
            ...withoutKeys(fields, ['enabled', 'trigger']),
            is_active: x.state.enabled,
            trigger: { type: x.state.trigger.trigger_type },
            ...runs,
          }
        : { _id: ObjectId.createFromHexString(x.id), ...(x.state.rollback_info ? { id } : {}), ...fields, ...runs },
    );
  }

  // every event type appears at least once, plus one the schema does not know
  await audit('audit_exported', new Date(now.getTime() - 2 * 86_400_000), {
    user: USERS[8],
    details: { format: 'csv', records: 1200, filter: { workflow_id: null } },
  });
  await audit('permission_changed', new Date(now.getTime() - 2 * 86_400_000), {
    workflow_id: workflows[0]?.id ?? null,
    user: USERS[0],
    details: { role: 'editor', granted_to: USERS[3][0] },
  });
  await audit('trigger_fired', new Date(now.getTime() - 86_400_000), {
    workflow_id: workflows[0]?.id ?? null,
    user: null,
    details: { trigger: 'scheduled' },
  });
  await audit('webhook_received', new Date(now.getTime() - 86_400_000), {
    workflow_id: workflows[0]?.id ?? null,
    user: null,
    details: { path: '/hooks/demo' },
  });
  await audit('event_emitted', new Date(now.getTime() - 86_400_000), {
    workflow_id: workflows[0]?.id ?? null,
    user: null,
    details: { event: 'invoice.paid' },
  });
  await audit('workflow_execution_failed', new Date(now.getTime() - 86_400_000), {
    workflow_id: workflows[0]?.id ?? null,
    user: null,
    details: { error: 'executor stopped' },
  });
  if (legacyShare > 0)
    await audit('workflow_archived', new Date(now.getTime() - 3 * 86_400_000), {
      workflow_id: workflows[0]?.id ?? null,
      user: USERS[2],
      details: { note: 'event type from a newer backend' },
    });
  await w.close();
  const counts = w.counts;
  return {
    workflows: nWorkflows,
    versions: versionCount,
    executions: totalExecutions,
    attempts,
    audit: counts.get('workflow_audit_logs') ?? 0,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    regressed: regressed?.id ?? null,
  };
}

function withoutKeys<T extends Record<string, unknown>>(o: T, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...o };
  for (const k of keys) delete out[k];
  return out;
}

/** Only audit events, fast, for export benchmarks: `count` records over `days`. */
export async function generateAuditEvents(
  ds: DataSource,
  options: { count: number; days?: number; seed?: number; now?: Date },
): Promise<number> {
  const r = prng(options.seed ?? 7);
  const now = options.now ?? new Date();
  const days = options.days ?? 30;
  const oid = objectIdFactory(options.seed ?? 7);
  const w = new BatchWriter(10_000, 2);
  const coll = ds.audit as unknown as Collection<Document>;
  const span = days * 86_400_000;
  for (let i = 0; i < options.count; i++) {
    const at = new Date(now.getTime() - span + ((i + r()) / options.count) * span);
    const u = r() < 0.6 ? pick(r, USERS) : null;
    const type = pick(r, AUDIT_EVENT_TYPES);
    await w.add(coll, {
      _id: oid(at),
      event_type: type,
      workflow_id: `wf-${pick(r, WORKFLOW_NAMES)
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')}`,
      user_id: u ? u[0] : 'system',
      details: {
        execution_id: `exec-${hex(r, 8)}`,
        attempt: 1 + Math.floor(r() * 3),
        note: r() < 0.01 ? '=HYPERLINK("http://x")' : 'ok',
      },
      metadata: { source: u ? 'api' : 'engine' },
      timestamp: at,
      ...(u ? { ip_address: u[1], user_agent: u[2] } : {}),
    });
  }
  await w.close();
  return options.count;
}
