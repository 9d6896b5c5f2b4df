/** The shared core of the data layer: the connection, the stored shapes, retry, normalization, redaction, the one time window, the Extended JSON codec, the CSV rule, runs, workflow references and the consistency-check contract. The wing's public names: import them from here. */
export * from './connection.js';
export * from './consistency.js';
export * from './csv.js';
export * from './ejson.js';
export * from './ejson-raw.js';
export * from './ejson-bytes.js';
export * from './normalize.js';
export * from './percent.js';
export * from './redact.js';
export * from './retry.js';
export * from './runs.js';
export * from './raw-fields.js';
export * from './raw-runs.js';
export * from './types.js';
export * from './window.js';
export * from './workflow-ref.js';
