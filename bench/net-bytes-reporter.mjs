// Loaded with `node --import` into a measured process: writes the bytes its sockets received (the server's replies) at exit.
import net from 'node:net';
import { writeFileSync } from 'node:fs';
const file = process.env.WFCTL_BENCH_NET_FILE;
if (file) {
  const sockets = new Set();
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (...args) {
    sockets.add(this);
    return connect.apply(this, args);
  };
  process.on('exit', () => {
    let bytes = 0;
    for (const s of sockets) bytes += s.bytesRead;
    writeFileSync(file, String(bytes));
  });
}
