/**
 * A realistic, deterministic data set for tests, the demo and benchmarks:
 * workflows with version chains (diffs that match their data, rollbacks),
 * executions with a mix of outcomes and durations, action attempts with
 * retries under each strategy, audit events of every type from many users,
 * and a small share of messy documents written by older backends.
 *
 * Same seed and `now` → same documents (ObjectIds included). Written in
 * batches while generated, so memory stays flat at any scale.
 */
import { ObjectId, type Collection, type Document } from 'mongodb';
import type { DataSource } from '../../src/data/connection.js';
import { computeVersionDiff } from '../../src/data/version-diff.js';
import { AUDIT_EVENT_TYPES } from '../../src/data/types.js';

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

const USERS = [
  ['alice.martin', '10.20.1.14', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/17.5'],
  ['bob.nguyen', '10.20.1.37', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36'],
  ['carla.diaz', '10.20.2.8', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/127.0'],
  ['dmitri.ivanov', '10.20.2.91', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/126.0'],
  ['emma.schulz', '192.168.10.5', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Chrome/126.0 Safari/537.36'],
  ['farid.haddad', '10.20.3.44', 'PostmanRuntime/7.39.0'],
  ['grace.okafor', '10.20.3.52', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148'],
  ['hiro.tanaka', '10.20.4.2', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/125.0 Safari/537.36'],
  ['ines.costa', '172.16.0.23', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/127.0'],
  ['jamal.wright', '10.20.5.19', 'curl/8.7.1'],
  ['kim.larsen', '10.20.5.77', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Firefox/127.0'],
  ['svc-deploy', '10.0.0.12', 'deploy-bot/2.4.1'],
] as const;

const ACTION_TYPES = ['http_request', 'send_email', 'slack_message', 'db_query', 'transform', 'webhook', 'delay', 'condition'];
const TRIGGERS = ['schedule', 'webhook', 'event', 'manual'];
const STRATEGIES = ['none', 'immediate', 'linear', 'exponential'] as const;
const WORKFLOW_NAMES = [
  'Invoice sync', 'Customer onboarding', 'Nightly report', 'Lead enrichment', 'Churn alert', 'Payment reconciliation',
  'Ticket triage', 'Inventory restock', 'Contract renewal', 'Data warehouse load', 'Fraud screening', 'Welcome email',
  'SLA breach escalation', 'Expense approval', 'Backup verification', 'GDPR erasure', 'Order fulfilment', 'Price update',
  'Partner webhook relay', 'Weekly digest',
];
const ERRORS: Array<(r: () => number) => string> = [
  (r) => `Timeout after ${[5000, 10000, 30000][Math.floor(r() * 3)]}ms calling https://api.example.com/v1/invoices/INV-${10000 + Math.floor(r() * 90000)}`,
  (r) => `HTTP 503 Service Unavailable from payments-service (request ${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)})`,
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
  constructor(private readonly batchSize = 5000, private readonly concurrency = 2) {}

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

interface Action {
  name: string;
  type: string;
  config: Record<string, unknown>;
  retry?: { strategy: string; max_retries: number; delay_seconds: number };
}

interface WorkflowState {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  trigger: Record<string, unknown>;
  actions: Action[];
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

function makeAction(r: () => number, i: number): Action {
  const type = pick(r, ACTION_TYPES);
  const strategy = pick(r, STRATEGIES);
  const base: Action = {
    name: `${type.replace(/_.*/, '')}_${i + 1}`,
    type,
    config: type === 'http_request' ? { url: `https://api.example.com/v1/${pick(r, ['invoices', 'customers', 'orders'])}`, method: pick(r, ['GET', 'POST']), timeout_ms: 10000 } : type === 'send_email' ? { to: 'ops@example.com', template: pick(r, ['welcome', 'alert', 'digest']) } : { step: i + 1 },
  };
  if (strategy !== 'none' || r() < 0.5) base.retry = { strategy, max_retries: strategy === 'none' ? 0 : 1 + Math.floor(r() * 4), delay_seconds: strategy === 'immediate' ? 0 : 1 + Math.floor(r() * 10) };
  return base;
}

function mutate(r: () => number, s: WorkflowState): { state: WorkflowState; message: string } {
  const next: WorkflowState = structuredClone(s);
  const roll = r();
  let message: string;
  if (roll < 0.2) {
    next.description = `${s.name}: ${pick(r, ['handles retries better', 'covers EU customers', 'sends fewer emails', 'adds audit fields', 'faster polling'])}`;
    message = 'Updated description';
  } else if (roll < 0.4 && next.actions.length < 8) {
    const a = makeAction(r, next.actions.length);
    next.actions.splice(Math.floor(r() * (next.actions.length + 1)), 0, a);
    message = `Added ${a.type} action ${a.name}`;
  } else if (roll < 0.5 && next.actions.length > 2) {
    const [removed] = next.actions.splice(Math.floor(r() * next.actions.length), 1);
    message = `Removed action ${removed!.name}`;
  } else if (roll < 0.75 && next.actions.length > 0) {
    const a = next.actions[Math.floor(r() * next.actions.length)]!;
    const strategy = pick(r, STRATEGIES);
    a.retry = { strategy, max_retries: strategy === 'none' ? 0 : 1 + Math.floor(r() * 4), delay_seconds: 1 + Math.floor(r() * 30) };
    message = `Retry policy of ${a.name}: ${strategy}`;
  } else if (roll < 0.9) {
    next.trigger = next.trigger.type === 'schedule' ? { ...next.trigger, cron: `${Math.floor(r() * 60)} ${Math.floor(r() * 24)} * * *` } : { ...next.trigger, filter: pick(r, ['priority=high', 'region=eu', 'amount>1000']) };
    message = 'Changed trigger settings';
  } else {
    next.enabled = !next.enabled;
    message = next.enabled ? 'Enabled workflow' : 'Disabled workflow';
  }
  return { state: next, message };
}

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
  const audit = async (event_type: string, at: Date, fields: { workflow_id?: string | null; user?: readonly [string, string, string] | null; details?: Record<string, unknown>; metadata?: Record<string, unknown> }) => {
    const u = fields.user;
    const legacy = r() < legacyShare;
    await w.add(coll.audit, {
      _id: oid(at),
      event_type,
      ...(fields.workflow_id !== undefined ? { workflow_id: fields.workflow_id } : {}),
      user_id: u ? u[0] : 'system',
      details: fields.details ?? {},
      metadata: { source: u ? 'api' : 'engine', ...fields.metadata },
      timestamp: legacy ? at.toISOString().replace('Z', '') : at,
      ...(u ? { ip_address: u[1], user_agent: u[2] } : {}),
    });
  };

  // ---- workflows and their version chains --------------------------------
  const workflows: Array<{ state: WorkflowState; failRate: number; weight: number }> = [];
  let versionCount = 0;
  for (let i = 0; i < nWorkflows; i++) {
    const name = WORKFLOW_NAMES[i % WORKFLOW_NAMES.length]! + (i >= WORKFLOW_NAMES.length ? ` ${Math.floor(i / WORKFLOW_NAMES.length) + 1}` : '');
    const id = `wf-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    const creator = user();
    const createdAt = new Date(start.getTime() - (1 + r() * 60) * 86_400_000);
    const triggerType = pick(r, TRIGGERS);
    let state: WorkflowState = {
      id,
      name,
      description: `${name} workflow`,
      enabled: r() > 0.15,
      trigger: triggerType === 'schedule' ? { type: 'schedule', cron: '0 * * * *' } : triggerType === 'webhook' ? { type: 'webhook', path: `/hooks/${id}` } : { type: triggerType },
      actions: Array.from({ length: 2 + Math.floor(r() * r() * 3) }, (_, k) => makeAction(r, k)),
      created_by: creator[0],
      created_at: createdAt,
      updated_at: createdAt,
    };
    await audit('workflow_created', createdAt, { workflow_id: id, user: creator, details: { name } });
    const history: Array<Record<string, unknown>> = [];
    const nVersions = 2 + Math.floor(r() * r() * 25);
    let at = createdAt;
    let prevData: Record<string, unknown> | null = null;
    for (let v = 1; v <= nVersions; v++) {
      const by = user();
      let message = 'Initial version';
      let rollbackOf: number | undefined;
      let reason: string | undefined;
      if (v > 1) {
        at = new Date(Math.min(now.getTime() - 3600_000, at.getTime() + r() * ((now.getTime() - at.getTime()) / (nVersions - v + 2))));
        if (v > 3 && r() < 0.12) {
          rollbackOf = 1 + Math.floor(r() * (v - 2));
          reason = pick(r, ['v' + (v - 1) + ' broke invoices', 'Errors spiked after deploy', 'Customer complaints about duplicate emails', 'Reverting untested change', 'Webhook payload mismatch']);
          state = structuredClone(history[rollbackOf - 1]) as unknown as WorkflowState;
          message = `Rollback to version ${rollbackOf}`;
        } else {
          const m = mutate(r, state);
          const toggled = m.state.enabled !== state.enabled;
          state = m.state;
          message = m.message;
          if (toggled) await audit(state.enabled ? 'workflow_enabled' : 'workflow_disabled', at, { workflow_id: id, user: by, details: { version: v } });
        }
      }
      // a rollback restores the target's data exactly; a change stamps its own time
      if (rollbackOf === undefined) state.updated_at = at;
      const data = workflowData(state);
      const isCurrent = v === nVersions;
      await w.add(coll.versions, {
        _id: oid(at),
        workflow_id: id,
        version_number: v,
        workflow_data: data,
        change_description: message,
        changed_by: by[0],
        changed_at: at,
        diff: computeVersionDiff(prevData, data),
        is_current: isCurrent,
        ...(rollbackOf !== undefined ? { rollback_of: rollbackOf, reason } : {}),
      });
      versionCount++;
      history.push(data);
      prevData = data;
      if (rollbackOf !== undefined) {
        await audit('workflow_rolled_back', at, { workflow_id: id, user: by, details: { from_version: v - 1, to_version: rollbackOf, new_version: v, reason } });
      } else if (v > 1) {
        await audit('workflow_updated', at, { workflow_id: id, user: by, details: { version: v, change_description: message } });
      }
      await audit('version_created', at, { workflow_id: id, user: by, details: { version_number: v, change_description: message } });
    }
    const legacyDoc = i === nWorkflows - 1 && nWorkflows > 3 && legacyShare > 0;
    // making a version current writes its data here, with updated_at and current_version
    const { enabled, ...rest } = state;
    await w.add(coll.workflows, {
      _id: oid(createdAt),
      ...(legacyDoc
        ? { ...rest, is_active: enabled, created_at: rest.created_at.toISOString().replace('Z', ''), updated_at: at.toISOString() }
        : { ...state, updated_at: at, current_version: nVersions }),
    });
    workflows.push({ state, failRate: i % 5 === 1 ? 0.35 : i % 5 === 3 ? 0.12 : 0.03, weight: 0.3 + r() * 2 });
  }
  // a workflow that was deleted: it lives on in the audit trail only
  await audit('workflow_deleted', new Date(start.getTime() + 86_400_000), { workflow_id: 'wf-retired-export', user: USERS[0], details: { name: 'Retired export' } });
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
    const executionId = `exec-${hex(r, 8)}-${e.toString(36)}`;
    const triggerType = String(wf.state.trigger.type);
    const by = triggerType === 'manual' ? user() : null;
    let t = at.getTime();
    let failed = false;
    let lastError: string | undefined;
    for (const action of wf.state.actions) {
      const strategy = action.retry?.strategy ?? 'none';
      const maxTries = 1 + (strategy === 'none' ? 0 : action.retry?.max_retries ?? 0);
      const failP = wf.failRate * (action.type === 'http_request' || action.type === 'webhook' ? 1.6 : 0.6);
      let ok = false;
      for (let attempt = 1; attempt <= maxTries; attempt++) {
        ok = r() > failP * (attempt > 1 ? 0.7 : 1);
        const duration = Math.round(20 + r() * r() * (action.type === 'delay' ? 5000 : 1500));
        const error = ok ? undefined : ERRORS[Math.floor(r() * r() * ERRORS.length)]!(r);
        const attemptAt = new Date(t);
        await w.add(coll.attempts, {
          _id: oid(attemptAt),
          workflow_id: wf.state.id,
          execution_id: executionId,
          action_name: action.name,
          attempt,
          success: ok,
          ...(error ? { error } : {}),
          timestamp: attemptAt,
          duration_ms: duration,
          strategy,
        });
        attempts++;
        if (r() < actionAuditShare) {
          const type = ok ? 'action_executed' : attempt < maxTries ? 'action_retried' : 'action_failed';
          await audit(type, attemptAt, { workflow_id: wf.state.id, user: null, details: { execution_id: executionId, action_name: action.name, attempt, ...(error ? { error } : {}) } });
        }
        t += duration + (ok ? 0 : strategy === 'exponential' ? 1000 * 2 ** (attempt - 1) : strategy === 'linear' ? 1000 * attempt : 0);
        if (ok) break;
        lastError = error;
      }
      if (!ok) {
        failed = true;
        break;
      }
    }
    const recent = now.getTime() - at.getTime() < 10 * 60_000;
    const status = recent && r() < 0.5 ? 'running' : !failed && r() < 0.02 ? 'cancelled' : failed ? 'failed' : 'success';
    const durationMs = t - at.getTime();
    const legacy = r() < legacyShare;
    await w.add(coll.executions, {
      _id: oid(at),
      execution_id: executionId,
      workflow_id: wf.state.id,
      status,
      started_at: legacy ? at.toISOString().replace('Z', '') : at,
      ...(status === 'running' ? {} : { completed_at: new Date(t) }),
      ...(status === 'running' || legacy ? {} : { duration_ms: durationMs }),
      trigger_type: triggerType,
      ...(failed && lastError ? { error: lastError } : {}),
      triggered_by: by ? by[0] : triggerType === 'schedule' ? 'scheduler' : triggerType,
    });
    if (status === 'success' || status === 'failed') {
      await audit(status === 'success' ? 'workflow_executed' : 'workflow_failed', at, {
        workflow_id: wf.state.id,
        user: by,
        details: { execution_id: executionId, status, duration_ms: durationMs, ...(lastError && failed ? { error: lastError } : {}) },
      });
    }
    if (r() < 0.15) {
      const type = triggerType === 'webhook' ? 'webhook_received' : triggerType === 'event' ? 'event_emitted' : 'trigger_fired';
      await audit(type, at, { workflow_id: wf.state.id, user: null, details: { execution_id: executionId, trigger: triggerType } });
    }
    if (e % 100_000 === 99_999) log(`executions ${e + 1} of ${totalExecutions}`);
  }
  // every event type appears at least once, plus one the schema does not know
  await audit('audit_exported', new Date(now.getTime() - 2 * 86_400_000), { user: USERS[8], details: { format: 'csv', count: 1200, filter: { workflow_id: null } } });
  await audit('trigger_fired', new Date(now.getTime() - 86_400_000), { workflow_id: workflows[0]?.state.id ?? null, user: null, details: { trigger: 'schedule' } });
  await audit('webhook_received', new Date(now.getTime() - 86_400_000), { workflow_id: workflows[0]?.state.id ?? null, user: null, details: { path: '/hooks/demo' } });
  await audit('event_emitted', new Date(now.getTime() - 86_400_000), { workflow_id: workflows[0]?.state.id ?? null, user: null, details: { event: 'invoice.paid' } });
  if (legacyShare > 0) await audit('workflow_archived', new Date(now.getTime() - 3 * 86_400_000), { workflow_id: workflows[0]?.state.id ?? null, user: USERS[2], details: { note: 'event type from a newer backend' } });
  await w.close();
  const counts = w.counts;
  return {
    workflows: nWorkflows,
    versions: versionCount,
    executions: totalExecutions,
    attempts,
    audit: counts.get('workflow_audit_logs') ?? 0,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
  };
}

/** Only audit events, fast, for export benchmarks: `count` records over `days`. */
export async function generateAuditEvents(ds: DataSource, options: { count: number; days?: number; seed?: number; now?: Date }): Promise<number> {
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
      workflow_id: `wf-${pick(r, WORKFLOW_NAMES).toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      user_id: u ? u[0] : 'system',
      details: { execution_id: `exec-${hex(r, 8)}`, attempt: 1 + Math.floor(r() * 3), note: r() < 0.01 ? '=HYPERLINK("http://x")' : 'ok' },
      metadata: { source: u ? 'api' : 'engine' },
      timestamp: at,
      ...(u ? { ip_address: u[1], user_agent: u[2] } : {}),
    });
  }
  await w.close();
  return options.count;
}
