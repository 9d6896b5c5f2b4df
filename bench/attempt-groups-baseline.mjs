/**
 * A DBA's pipeline for `stats errors` in plain driver code, for
 * bench/attempt-groups.bench.ts: the attempts of one workflow in the window,
 * grouped on the server per action, UTC day and outcome, and the failed ones
 * per error message; the rows printed as JSON. No legacy strings, no error
 * shapes: the least a client can do for those figures.
 *
 * node bench/attempt-groups-baseline.mjs <uri> <db> <nowIso> <workflowId> <days>
 */
import { MongoClient } from 'mongodb';

const [uri, dbName, nowIso, wfId, days] = process.argv.slice(2);
const to = new Date(nowIso);
const from = new Date(to.getTime() - Number(days) * 86_400_000);
const client = new MongoClient(uri);
await client.connect();
const attempts = client.db(dbName).collection('workflow_action_attempts');
const match = { $match: { workflow_id: wfId, timestamp: { $gte: from, $lt: to } } };
const [counts, errors] = await Promise.all([
  attempts
    .aggregate([
      match,
      {
        $group: {
          _id: {
            action: '$action_name',
            day: { $dateToString: { format: '%Y-%m-%d', date: '$timestamp' } },
            ok: '$success',
            attempt: '$attempt',
          },
          n: { $sum: 1 },
        },
      },
    ])
    .toArray(),
  attempts
    .aggregate([
      { $match: { ...match.$match, success: { $ne: true } } },
      { $group: { _id: { action: '$action_name', error: '$error' }, n: { $sum: 1 }, last: { $max: '$timestamp' } } },
    ])
    .toArray(),
]);
process.stdout.write(JSON.stringify({ counts, errors }));
await client.close();
