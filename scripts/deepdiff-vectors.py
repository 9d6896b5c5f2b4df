#!/usr/bin/env python3
"""Expected outputs for src/data/versions/deepdiff.ts, produced by the backend's own stack.

    .cache/python-venv/bin/python scripts/deepdiff-vectors.py test/fixtures/deepdiff/corpus.json \
        > test/fixtures/deepdiff/expected.json

For every corpus pair {name, a, b} (canonical Extended JSON documents) this decodes
both sides exactly as pymongo 4.5 hands them to the backend (EJSON -> BSON bytes ->
bson.decode with tz_aware=False), runs
json.loads(DeepDiff(a, b, ignore_order=True).to_json()) with deepdiff 8.6.1 and
writes the result back as canonical Extended JSON, i.e. in the BSON types pymongo
would store it with. A case where DeepDiff or to_json raises becomes
{"error": "<exception class>: message"}.

Each vector also carries:
- changes_summary: the backend's compare summary computed on that result;
- hash_ordered_tail (only when >= 2): how many trailing values_changed entries
  come from DeepDiff turning an added and a removed list item at the same index
  into one change. DeepDiff walks those paths as a Python set of str, so their
  order follows the interpreter's string hash seed and differs between backend
  processes; this script pins PYTHONHASHSEED so its own output is reproducible.
  The count is observed by wrapping TreeResult.mutual_add_removes_to_become_value_changes;
  the wrapper records and then calls the original unchanged.
"""
import json
import logging
import os
import sys

HASH_SEED = '0'
if os.environ.get('PYTHONHASHSEED') != HASH_SEED:
    os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, 'PYTHONHASHSEED': HASH_SEED})

import bson  # noqa: E402
from bson import json_util  # noqa: E402
from bson.codec_options import CodecOptions  # noqa: E402
from bson.json_util import CANONICAL_JSON_OPTIONS, JSONMode, JSONOptions  # noqa: E402
from deepdiff import DeepDiff  # noqa: E402
from deepdiff.model import TreeResult  # noqa: E402

# DeepDiff logs unhashable items (ObjectId, Decimal128, ...) at warning/error level; the vectors are the output.
logging.disable(logging.CRITICAL)

LOAD_OPTIONS = JSONOptions(json_mode=JSONMode.CANONICAL, tz_aware=False)
DECODE_OPTIONS = CodecOptions(tz_aware=False)

_original_mutual = TreeResult.mutual_add_removes_to_become_value_changes


def _counting_mutual(self):
    if not hasattr(self, 'wfctl_mutual_count'):
        added = self.get('iterable_item_added')
        removed = self.get('iterable_item_removed')
        count = 0
        if added is not None and removed is not None:
            count = len({i.path() for i in added} & {i.path() for i in removed})
        self.wfctl_mutual_count = count
    return _original_mutual(self)


TreeResult.mutual_add_removes_to_become_value_changes = _counting_mutual


def as_backend_reads_it(ejson_value):
    """The document as pymongo 4.5 returns it from the database."""
    doc = json_util.loads(json.dumps(ejson_value), json_options=LOAD_OPTIONS)
    return bson.decode(bson.encode(doc), codec_options=DECODE_OPTIONS)


def changes_summary(diff):
    return {
        'values_changed': len(diff.get('values_changed', {})),
        'items_added': len(diff.get('dictionary_item_added', [])) + len(diff.get('iterable_item_added', {})),
        'items_removed': len(diff.get('dictionary_item_removed', [])) + len(diff.get('iterable_item_removed', {})),
    }


def vector(case):
    out = {'name': case['name']}
    a = as_backend_reads_it(case['a'])
    b = as_backend_reads_it(case['b'])
    try:
        ddiff = DeepDiff(a, b, ignore_order=True)
        diff = json.loads(ddiff.to_json())
    except Exception as err:  # the backend would fail here; the port documents its fallback
        out['error'] = f'{type(err).__name__}: {err}'
        return out
    out['diff'] = diff
    out['changes_summary'] = changes_summary(diff)
    tail = getattr(ddiff.tree, 'wfctl_mutual_count', 0)
    if tail >= 2:
        out['hash_ordered_tail'] = tail
    return out


def main(argv):
    if len(argv) != 2:
        sys.stderr.write('usage: deepdiff-vectors.py CORPUS.json > EXPECTED.json\n')
        return 2
    with open(argv[1], encoding='utf-8') as f:
        corpus = json.load(f)
    lines = [json_util.dumps(vector(case), json_options=CANONICAL_JSON_OPTIONS) for case in corpus]
    sys.stdout.write('[\n' + ',\n'.join(lines) + '\n]\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
