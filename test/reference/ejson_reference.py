"""Independent Extended JSON reference for test/data/core/ejson.test.ts: pymongo's bson.json_util.

Reads canonical Extended JSON documents on stdin, one per line (UTF-8). For each
it decodes with json_util in CANONICAL mode and prints one ASCII JSON line:
  {"relaxed": <json_util RELAXED text, compact, non-ASCII kept>, "bson": <BSON hex>}
or {"error": <message>} when pymongo refuses the line.

Dates outside Python's datetime range (years 1..9999) are kept as DatetimeMS
(DATETIME_AUTO) rather than rejected.
"""
import json
import sys

from bson import encode, json_util
from bson.codec_options import DatetimeConversion
from bson.json_util import CANONICAL_JSON_OPTIONS, RELAXED_JSON_OPTIONS

CANONICAL = CANONICAL_JSON_OPTIONS.with_options(datetime_conversion=DatetimeConversion.DATETIME_AUTO)
RELAXED = RELAXED_JSON_OPTIONS.with_options(datetime_conversion=DatetimeConversion.DATETIME_AUTO)


def main() -> None:
    out = sys.stdout
    for raw in sys.stdin.buffer:
        line = raw.decode("utf-8").rstrip("\r\n")
        if not line:
            continue
        try:
            doc = json_util.loads(line, json_options=CANONICAL)
            relaxed = json_util.dumps(doc, json_options=RELAXED, ensure_ascii=False, separators=(",", ":"))
            result = {"relaxed": relaxed, "bson": encode(doc).hex()}
        except Exception as exc:  # reported per line; the test decides
            result = {"error": f"{type(exc).__name__}: {exc}"}
        out.write(json.dumps(result, ensure_ascii=True) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
