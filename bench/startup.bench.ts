/**
 * Start-up: `wfctl --version` and `wfctl --help` against `node -e ''` in the
 * same run. Target: --version within 1.5x of bare node.
 */
import { BIN, benchArgs, fmtMb, fmtMs, measureNode, printResults, repeat } from './support.js';

const runs = Number(benchArgs().runs ?? 15);
const node = await repeat(runs, () => measureNode(['-e', '']), 2);
const version = await repeat(runs, () => measureNode([BIN, '--version']), 2);
const help = await repeat(runs, () => measureNode([BIN, '--help']), 2);
const groupHelp = await repeat(runs, () => measureNode([BIN, 'workflows', 'list', '--help']), 2);

printResults(`start-up (median of ${runs} runs)`, [
  {
    name: 'wfctl --version',
    wfctl: fmtMs(version.ms),
    baseline: `node -e '' ${fmtMs(node.ms)}`,
    ratio: version.ms / node.ms,
    target: '<= 1.5x',
  },
  { name: 'wfctl --help', wfctl: fmtMs(help.ms), baseline: `node -e '' ${fmtMs(node.ms)}`, ratio: help.ms / node.ms },
  {
    name: 'wfctl workflows list --help',
    wfctl: fmtMs(groupHelp.ms),
    baseline: `node -e '' ${fmtMs(node.ms)}`,
    ratio: groupHelp.ms / node.ms,
  },
  {
    name: 'peak RSS --help',
    wfctl: fmtMb(help.peakRssMb),
    baseline: fmtMb(node.peakRssMb),
    ratio: help.peakRssMb / node.peakRssMb,
  },
]);
