/**
 * `audit archive --dry-run`: what an archive would write and delete, counted
 * per event type and month (UTC), and how many of those records legal holds
 * would keep. Reads a narrow projection of the range; writes nothing.
 */
import type { DataSource } from '../../core/connection.js';
import { storedTime } from '../../core/window.js';
import { EXPORT_MAX_TIME_MS } from '../export/plan.js';
import { activeHolds, holdsOf } from '../holds.js';

export interface ArchivePreview {
  before: string;
  /** records older than `before`: what the archive would write */
  records: number;
  /** of them, the ones a legal hold covers: archived, not deleted */
  held: number;
  /** what --delete would delete (records - held), as of now */
  wouldDelete: number;
  /** per event type and month, by month then event type */
  byTypeAndMonth: Array<{ month: string; eventType: string | null; records: number; held: number }>;
  holds: string[];
}

export async function previewArchive(ds: DataSource, before: Date): Promise<ArchivePreview> {
  const holds = await activeHolds(ds);
  const groups = new Map<string, { month: string; eventType: string | null; records: number; held: number }>();
  let records = 0;
  let held = 0;
  await ds.run('count the records to archive', async () => {
    records = 0;
    held = 0;
    groups.clear();
    const cursor = ds.audit
      .find(
        { $or: [{ timestamp: { $lt: before } }, { timestamp: { $type: 'string' } }] },
        ds.opts({ atLeastMs: EXPORT_MAX_TIME_MS }),
      )
      .project<{ event_type?: unknown; timestamp?: unknown; workflow_id?: unknown; user_id?: unknown }>({
        _id: 0,
        event_type: 1,
        timestamp: 1,
        workflow_id: 1,
        user_id: 1,
      })
      .batchSize(5000);
    for await (const d of cursor) {
      const t = storedTime(d.timestamp);
      if (t === null || t >= before.getTime()) continue;
      const month = new Date(t).toISOString().slice(0, 7);
      const eventType = typeof d.event_type === 'string' ? d.event_type : null;
      const key = `${month}\u0000${eventType ?? ''}`;
      const g = groups.get(key) ?? { month, eventType, records: 0, held: 0 };
      const isHeld = holds.length > 0 && holdsOf(d, holds).length > 0;
      g.records++;
      records++;
      if (isHeld) {
        g.held++;
        held++;
      }
      groups.set(key, g);
    }
  });
  const byTypeAndMonth = [...groups.values()].sort(
    (a, b) => a.month.localeCompare(b.month) || (a.eventType ?? '').localeCompare(b.eventType ?? ''),
  );
  return {
    before: before.toISOString(),
    records,
    held,
    wouldDelete: records - held,
    byTypeAndMonth,
    holds: holds.map((h) => h.id),
  };
}
