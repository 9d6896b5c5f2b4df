// Loaded with `node --import` into a measured process: writes its peak RSS (KiB) at exit.
import { writeFileSync } from 'node:fs';
const file = process.env.WFCTL_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
