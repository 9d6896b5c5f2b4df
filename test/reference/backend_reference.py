"""
The backend's version reads and writes, redone in Python with the libraries
the backend uses (pymongo 4.5 decoding, deepdiff 8.6.1), as an independent
reference for wfctl's tests. It follows what cafinc/ERP's
workflow_version_control.py does (DeepDiff with ignore_order=True, the
changes_summary counts, a rollback that $sets the target's data with
updated_at and rollback_info and saves a version of it); it is written from
that behaviour, not copied.

  python backend_reference.py compare  URI DB WORKFLOW_ID A B
  python backend_reference.py diffs    URI DB WORKFLOW_ID        every version's stored and recomputed diff
  python backend_reference.py history  URI DB WORKFLOW_ID        version numbers, newest first, as the backend lists them
  python backend_reference.py rollback URI DB WORKFLOW_ID N USER REASON
  python backend_reference.py export-to-bson MODE < an ndjson export
      each record as pymongo reads it (json_util in MODE), without wfctl's _seq and _chain, as BSON hex:
      what mongoimport would store, by another implementation of Extended JSON
  python backend_reference.py edit-definition MODE DESCRIPTION < `wfctl workflows show --json` output
      the definition with a new description, re-written by pymongo's json_util in MODE
      (relaxed or canonical): an Extended JSON round trip through another implementation

Output: one canonical Extended JSON document on stdout.
"""
import json
import sys
from datetime import datetime

from bson import ObjectId, json_util
from bson.json_util import CANONICAL_JSON_OPTIONS
from deepdiff import DeepDiff
from pymongo import MongoClient


def stored_form(diff):
    # what the backend stores: json.loads(diff.to_json()) if diff else {}
    return json.loads(diff.to_json()) if diff else {}


def summary(diff):
    return {
        "values_changed": len(diff.get("values_changed", {})),
        "items_added": len(diff.get("dictionary_item_added", [])) + len(diff.get("iterable_item_added", [])),
        "items_removed": len(diff.get("dictionary_item_removed", [])) + len(diff.get("iterable_item_removed", [])),
    }


def version(col, wf, n):
    return col.find_one({"workflow_id": wf, "version_number": n})


def main():
    if sys.argv[1] == "export-to-bson":
        import bson
        options = json_util.RELAXED_JSON_OPTIONS if sys.argv[2] == "relaxed" else CANONICAL_JSON_OPTIONS
        for line in sys.stdin:
            if not line.strip():
                continue
            record = json_util.loads(line, json_options=options)
            record.pop("_seq")
            record.pop("_chain")
            sys.stdout.write(bson.encode(record).hex() + "\n")
        return
    if sys.argv[1] == "edit-definition":
        mode, description = sys.argv[2], sys.argv[3]
        options = json_util.RELAXED_JSON_OPTIONS if mode == "relaxed" else CANONICAL_JSON_OPTIONS
        shown = json_util.loads(sys.stdin.read(), json_options=options)
        definition = shown["definition"]
        definition["description"] = description
        sys.stdout.write(json_util.dumps(definition, json_options=options))
        return
    cmd, uri, db_name, wf = sys.argv[1:5]
    client = MongoClient(uri, serverSelectionTimeoutMS=10000)
    db = client[db_name]
    versions = db.workflow_versions
    if cmd == "compare":
        a, b = version(versions, wf, int(sys.argv[5])), version(versions, wf, int(sys.argv[6]))
        diff = DeepDiff(a["workflow_data"], b["workflow_data"], ignore_order=True)
        out = {"diff": stored_form(diff), "changes_summary": summary(diff)}
    elif cmd == "diffs":
        out = []
        previous = {}
        for v in versions.find({"workflow_id": wf}).sort("version_number", 1):
            recomputed = stored_form(DeepDiff(previous, v["workflow_data"], ignore_order=True))
            out.append({"version": v["version_number"], "stored": v.get("diff"), "recomputed": recomputed})
            previous = v["workflow_data"]
        out = {"versions": out}
    elif cmd == "history":
        out = {"versions": [v["version_number"] for v in versions.find({"workflow_id": wf}).sort("version_number", -1).limit(50)]}
    elif cmd == "rollback":
        n, user, reason = int(sys.argv[5]), sys.argv[6], sys.argv[7]
        target = version(versions, wf, n)
        now = datetime.utcnow()
        update = {**target["workflow_data"], "updated_at": now, "rollback_info": {"rolled_back_at": now, "rolled_back_by": user, "from_version": n, "reason": reason}}
        db.custom_workflows.update_one({"_id": ObjectId(wf)}, {"$set": update})
        latest = versions.find_one({"workflow_id": wf}, sort=[("version_number", -1)])
        number = latest["version_number"] + 1 if latest else 1
        diff = DeepDiff(latest["workflow_data"] if latest else {}, update, ignore_order=True)
        versions.update_many({"workflow_id": wf, "is_current": True}, {"$set": {"is_current": False}})
        versions.insert_one({
            "workflow_id": wf, "version_number": number, "workflow_data": update,
            "change_description": f"Rolled back to version {n}. Reason: {reason}",
            "changed_by": user, "changed_at": datetime.utcnow(), "diff": stored_form(diff), "is_current": True,
        })
        out = {"version": number}
    else:
        raise SystemExit(f"unknown command {cmd}")
    sys.stdout.write(json_util.dumps(out, json_options=CANONICAL_JSON_OPTIONS))


if __name__ == "__main__":
    main()
