import { beforeAll, describe, expect, it } from 'vitest';
import { liveIntervals, readVersionStamps, versionHealth } from '../../../src/data/metrics/index.js';
import { useTestDatabase } from '../../support/db.js';
import {
  HEALTH_LIVE,
  HEALTH_NOW,
  HEALTH_VERSIONS,
  HEALTH_WF,
  seedHealthWorkflow,
  type ExpectedHealth,
} from '../../support/health-fixtures.js';

const db = useTestDatabase('version_health');
let expected: Map<number, ExpectedHealth>;
const now = new Date(HEALTH_NOW);

beforeAll(async () => {
  expected = await seedHealthWorkflow(db.ds);
});

describe('liveIntervals', () => {
  it('gives each version the time until a higher version was saved; disagreeing clocks empty an interval', () => {
    const got = liveIntervals(HEALTH_VERSIONS, now);
    for (const iv of got) {
      const want = HEALTH_LIVE[iv.version]!;
      expect(iv.liveFrom?.getTime(), `v${iv.version} from`).toBe(want.from);
      expect(iv.liveUntil?.getTime() ?? null, `v${iv.version} until`).toBe(want.until);
      expect(iv.liveMs, `v${iv.version} live`).toBe((want.until ?? now.getTime()) - want.from);
    }
    expect(got.find((v) => v.version === 5)!.liveMs).toBe(2000);
    expect(got.find((v) => v.version === 7)!.liveMs).toBe(0);
  });

  it('a version without changed_at is never live; one saved after now is not live yet', () => {
    const got = liveIntervals(
      [
        { version: 1, changedAt: new Date('2025-06-01T00:00:00Z') },
        { version: 2, changedAt: null },
        { version: 3, changedAt: new Date('2025-06-20T00:00:00Z') },
      ],
      now,
    );
    expect(got.map((v) => [v.version, v.liveMs, v.liveUntil])).toEqual([
      [1, now.getTime() - Date.parse('2025-06-01T00:00:00Z'), null],
      [2, null, null],
      [3, 0, null],
    ]);
  });
});

describe('versionHealth', () => {
  it('counts every version as generated: rates, partial successes, other statuses, p95, the zero-run and seconds-long versions', async () => {
    const stamps = await readVersionStamps(db.ds, HEALTH_WF);
    expect(stamps.map((s) => s.version)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    const health = await versionHealth(db.ds, { workflowId: HEALTH_WF, versions: stamps, now });
    expect(health.map((h) => h.version)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    for (const h of health) {
      const e = expected.get(h.version)!;
      expect(
        {
          runs: h.runs,
          succeeded: h.succeeded,
          succeededWithFailedActions: h.succeededWithFailedActions,
          failed: h.failed,
          other: h.other,
        },
        `v${h.version}`,
      ).toEqual({
        runs: e.runs,
        succeeded: e.succeeded,
        succeededWithFailedActions: e.succeededWithFailedActions,
        failed: e.failed,
        other: e.other,
      });
      const finished = e.succeeded + e.failed;
      expect(h.successRate, `v${h.version} rate`).toBe(
        finished === 0 ? null : Math.round((e.succeeded / finished) * 10_000) / 100,
      );
      if (e.p95DurationMs === null) expect(h.p95DurationMs).toBeNull();
      else if (h.p95Exact) expect(h.p95DurationMs, `v${h.version} p95`).toBe(e.p95DurationMs);
      else
        expect(
          Math.abs(h.p95DurationMs! - e.p95DurationMs) / e.p95DurationMs,
          `v${h.version} p95 within 1%`,
        ).toBeLessThanOrEqual(0.01);
    }
    const by = new Map(health.map((h) => [h.version, h]));
    expect(by.get(3)!.runs).toBe(0);
    expect(by.get(3)!.successRate).toBeNull();
    expect(by.get(7)!.runs).toBe(0);
    expect(by.get(5)!.runs).toBe(1);
    expect(by.get(4)!.runs).toBe(155);
    // the true rates show through: v8 is clearly worse than v6
    expect(by.get(8)!.successRate!).toBeLessThan(80);
    expect(by.get(1)!.successRate!).toBeGreaterThan(95);
  });

  it('a newest-first list cut by a limit gets the same figures for the versions it holds', async () => {
    const stamps = (await readVersionStamps(db.ds, HEALTH_WF)).slice(0, 3);
    const health = await versionHealth(db.ds, { workflowId: HEALTH_WF, versions: stamps, now });
    expect(health.map((h) => [h.version, h.runs])).toEqual([8, 7, 6].map((v) => [v, expected.get(v)!.runs]));
  });

  it('since: only runs that started from then on count', async () => {
    const stamps = await readVersionStamps(db.ds, HEALTH_WF);
    // from the start of v8: v6's runs are all before it
    const health = await versionHealth(db.ds, {
      workflowId: HEALTH_WF,
      versions: stamps,
      now,
      since: HEALTH_VERSIONS[7]!.changedAt,
    });
    const by = new Map(health.map((h) => [h.version, h]));
    expect(by.get(6)!.runs).toBe(0);
    expect(by.get(8)!.runs).toBe(expected.get(8)!.runs);
  });

  it('an earlier "now" ends the current version there and leaves out later runs', async () => {
    const stamps = await readVersionStamps(db.ds, HEALTH_WF);
    const earlier = new Date(Date.parse(HEALTH_NOW) - 3 * 86_400_000);
    const health = await versionHealth(db.ds, { workflowId: HEALTH_WF, versions: stamps, now: earlier });
    const by = new Map(health.map((h) => [h.version, h]));
    expect(by.get(4)!.liveUntil).toBeNull();
    expect(by.get(4)!.liveMs).toBe(86_400_000);
    expect(by.get(4)!.runs).toBeLessThan(expected.get(4)!.runs);
    expect(by.get(6)!.runs).toBe(0);
    expect(by.get(6)!.liveMs).toBe(0);
  });
});
