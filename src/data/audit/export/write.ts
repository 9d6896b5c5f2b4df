/**
 * Phase 3 of an export, the writing: every record serialized in the chosen
 * format (Extended JSON, one array, or CSV), chained by hash as written, into
 * the output buffer.
 */
import { stringify as csvStringify } from 'csv-stringify/sync';
import type { EjsonMode } from '../../core/ejson.js';
import { ByteSink, RawExtendedJsonWriter } from '../../core/ejson-raw.js';
import { CsvRowBytes } from './csv-bytes.js';
import { CSV_BOM, CSV_COLUMNS, CSV_OPTIONS, writeJsonRecordBytes, type ExportFormat } from './format.js';
import type { HashedOutput } from './output.js';
import type { StreamState } from './stream.js';

export interface WriteOptions {
  format: ExportFormat;
  jsonFormat: EjsonMode;
  bom: boolean;
  /** the chain's first link: the previous file's head in a series */
  genesis: string;
  /** called every 1,024 records (progress) */
  tick: () => void;
}

/** Writes every record of the batches into `out`; returns the head of the hash chain. Counts in `state.written`. */
export async function writeRecords(
  out: HashedOutput,
  batches: AsyncIterable<Uint8Array[]>,
  state: StreamState,
  o: WriteOptions,
): Promise<string> {
  const json = o.format !== 'csv';
  // CSV rows as bytes; their cells hold relaxed Extended JSON, whatever --json-format says
  const rows = json ? undefined : new CsvRowBytes();
  const array = o.format === 'json';
  let chain = o.genesis;
  if (!json) await out.write(`${o.bom ? CSV_BOM : ''}${csvStringify([[...CSV_COLUMNS]], CSV_OPTIONS)}`);
  else if (array) await out.write('[\n');
  // Extended JSON straight from the stored bytes into bytes, in either mode
  const writer = new RawExtendedJsonWriter(o.jsonFormat);
  const sink = new ByteSink();
  for await (const batch of batches) {
    for (const bytes of batch) {
      if (json) {
        if (array && state.written > 0) {
          const p = out.write(',\n');
          if (p) await p;
        }
        const rec = writeJsonRecordBytes(bytes, state.written + 1, chain, writer, sink, array ? '' : '\n');
        chain = rec.chain;
        const p = out.writeBytes(sink.buf, rec.start, sink.pos);
        if (p) await p;
      } else {
        chain = rows!.row(bytes, state.written + 1, chain);
        const p = out.writeBytes(rows!.line.buf, 0, rows!.line.pos);
        if (p) await p;
      }
      state.written++;
      if ((state.written & 1023) === 0) o.tick();
    }
  }
  if (array) await out.write(state.written > 0 ? '\n]\n' : ']\n');
  await out.flush();
  return chain;
}
