/**
 * A record's position fields, `_id` and `timestamp`, as the driver would return them with exact types,
 * read from its raw BSON bytes (byte compares, no key strings): the export's stream and the late-record
 * check both read them this way.
 */
import { BSON, ObjectId } from 'mongodb';
import { int64Number } from '../../core/ejson-raw.js';
import { FieldNames, RawFields, T_DATE, T_OID, T_STRING } from '../../core/raw-fields.js';

const READ_EXACT = { promoteValues: false, bsonRegExp: true } as const;

const KEY_FIELDS = new FieldNames(['_id', 'timestamp']);
const { _id: ID, timestamp: TS } = KEY_FIELDS.id;
const keyFields = new RawFields(KEY_FIELDS);

/** A record's _id and timestamp as the driver would return them, read from its bytes. */
export function keyFieldsOf(bytes: Uint8Array): { id: unknown; timestamp: unknown } {
  const f = keyFields.tryRead(bytes);
  const idType = f?.type[ID];
  const tsType = f?.type[TS];
  if (f && (idType === T_OID || idType === T_STRING) && (tsType === T_DATE || tsType === T_STRING || tsType === 0)) {
    const b = f.b;
    const at = f.at[TS]!;
    return {
      id: idType === T_OID ? new ObjectId(b.subarray(f.at[ID], f.at[ID]! + 12)) : f.text(ID),
      timestamp: tsType === T_DATE ? new Date(int64Number(b, at)) : tsType === T_STRING ? f.text(TS) : undefined,
    };
  }
  // a rarer type: the driver's own reading
  const doc = BSON.deserialize(bytes, READ_EXACT);
  return { id: doc._id, timestamp: doc.timestamp };
}
