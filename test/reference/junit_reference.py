"""Independent JUnit XML reader for test/commands/check/gate.test.ts.

Standard library only. Reads a JUnit XML report on stdin with
xml.etree.ElementTree (a strict XML 1.0 parser: a character XML 1.0 does not
allow, or a bad escape, is a parse error) and prints one ASCII JSON document:

  {"problems": [...], "root": {attributes}, "suites": [{"attrs": {...},
   "cases": [{"classname", "name", "outcome": "passed"|"failed"|"skipped",
              "message"}]}]}

problems lists every way the report departs from the JUnit schema that
Jenkins' junit plugin and GitLab accept (the xunit plugin's junit-10.xsd,
written down here from the schema, not from wfctl's code): the elements and
attributes each element may have, the required ones, whole-number counts,
and tests/failures/errors/skipped on every suite and on the root equal to
what the test cases say.
"""
import json
import sys
import xml.etree.ElementTree as ET

ALLOWED = {
    "testsuites": ({"name", "time", "tests", "failures", "disabled", "errors", "skipped"}, set(), {"testsuite"}),
    "testsuite": (
        {"name", "tests", "failures", "errors", "time", "disabled", "skipped", "timestamp", "hostname", "id", "package", "file", "log", "url", "version"},
        {"name", "tests"},
        {"properties", "testcase", "system-out", "system-err"},
    ),
    "testcase": ({"name", "assertions", "time", "classname", "status", "file", "line"}, {"name"}, {"skipped", "error", "failure", "system-out", "system-err"}),
    "failure": ({"message", "type"}, set(), set()),
    "error": ({"message", "type"}, set(), set()),
    "skipped": ({"message"}, set(), set()),
    "system-out": (set(), set(), set()),
    "system-err": (set(), set(), set()),
}
COUNTS = ("tests", "failures", "errors", "skipped")


def check_element(el, problems, path):
    allowed, required, children = ALLOWED.get(el.tag, (None, None, None))
    if allowed is None:
        problems.append(f"{path}: unknown element <{el.tag}>")
        return
    for a in el.attrib:
        if a not in allowed:
            problems.append(f"{path}: attribute {a} not allowed on <{el.tag}>")
    for a in required:
        if a not in el.attrib:
            problems.append(f"{path}: <{el.tag}> lacks {a}")
    for a in COUNTS:
        if a in el.attrib and not el.attrib[a].isdigit():
            problems.append(f"{path}: {a}={el.attrib[a]!r} is not a whole number")
    for i, child in enumerate(el):
        if child.tag not in children:
            problems.append(f"{path}: <{child.tag}> not allowed in <{el.tag}>")
        check_element(child, problems, f"{path}/{child.tag}[{i}]")


def case_of(tc):
    failure = tc.find("failure")
    error = tc.find("error")
    skipped = tc.find("skipped")
    outcome = "failed" if failure is not None or error is not None else "skipped" if skipped is not None else "passed"
    marker = failure if failure is not None else error if error is not None else skipped
    return {
        "classname": tc.get("classname"),
        "name": tc.get("name"),
        "outcome": outcome,
        "message": marker.get("message") if marker is not None else None,
        "text": (marker.text if marker is not None else (tc.findtext("system-out") or None)),
    }


def main():
    data = sys.stdin.buffer.read()
    problems = []
    root = ET.fromstring(data)
    if root.tag != "testsuites":
        problems.append(f"root is <{root.tag}>, not <testsuites>")
    check_element(root, problems, root.tag)
    suites = []
    totals = dict.fromkeys(COUNTS, 0)
    for s in root.findall("testsuite"):
        cases = [case_of(tc) for tc in s.findall("testcase")]
        counted = {
            "tests": len(cases),
            "failures": sum(1 for tc in s.findall("testcase") if tc.find("failure") is not None),
            "errors": sum(1 for tc in s.findall("testcase") if tc.find("error") is not None),
            "skipped": sum(1 for c in cases if c["outcome"] == "skipped"),
        }
        for k in COUNTS:
            totals[k] += counted[k]
            if int(s.get(k, "0")) != counted[k]:
                problems.append(f"suite {s.get('name')!r}: {k}={s.get(k)} but the cases say {counted[k]}")
        suites.append({"attrs": dict(s.attrib), "cases": cases})
    for k in COUNTS:
        if k in root.attrib and int(root.get(k)) != totals[k]:
            problems.append(f"testsuites: {k}={root.get(k)} but the suites say {totals[k]}")
    json.dump({"problems": problems, "root": dict(root.attrib), "suites": suites}, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
