"""Independent reference for test/commands/audit/erase.test.ts: pymongo and Python's hmac.

  subject_reference.py find URI DB VALUE...
      prints {"records": ["collection:_id", ...]} (sorted): every document of every collection of the
      database holding a string equal to one of the VALUEs anywhere (any field, any depth), read with
      pymongo, without any knowledge of where wfctl looks.
  subject_reference.py counts URI DB
      prints {"by_user": {user_id: count}} over workflow_audit_logs (null as "null").
  subject_reference.py hmac KEYFILE VALUE
      prints {"pseudonym": "hmac-sha256:<hex>"}: the key file's bytes less one trailing line end.
"""
import hashlib
import hmac
import json
import sys

from pymongo import MongoClient


def holds(value, wanted):
    if isinstance(value, str):
        return value in wanted
    if isinstance(value, dict):
        return any(holds(v, wanted) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(holds(v, wanted) for v in value)
    return False


def main() -> None:
    mode = sys.argv[1]
    if mode == "hmac":
        key = open(sys.argv[2], "rb").read()
        if key.endswith(b"\n"):
            key = key[:-1]
        if key.endswith(b"\r"):
            key = key[:-1]
        digest = hmac.new(key, sys.argv[3].encode("utf-8"), hashlib.sha256).hexdigest()
        print(json.dumps({"pseudonym": "hmac-sha256:" + digest}))
        return
    client = MongoClient(sys.argv[2])
    db = client[sys.argv[3]]
    if mode == "find":
        wanted = set(sys.argv[4:])
        out = []
        for name in db.list_collection_names():
            for doc in db[name].find({}):
                rest = {k: v for k, v in doc.items() if k != "_id"}
                if holds(rest, wanted):
                    out.append(f"{name}:{doc['_id']}")
        print(json.dumps({"records": sorted(out)}))
    elif mode == "counts":
        by_user = {}
        for doc in db.workflow_audit_logs.find({}, {"user_id": 1}):
            k = doc.get("user_id")
            k = "null" if k is None else str(k)
            by_user[k] = by_user.get(k, 0) + 1
        print(json.dumps({"by_user": by_user}))
    client.close()


if __name__ == "__main__":
    main()
