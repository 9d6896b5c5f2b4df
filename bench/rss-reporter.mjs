// Loaded with `node --import` into a measured process: writes its peak RSS (KiB) and CPU time (user and system, microseconds) at exit.
import { writeFileSync } from 'node:fs';
const file = process.env.WFCTL_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, `${u.maxRSS} ${u.userCPUTime} ${u.systemCPUTime}`);
  });
}
