#!/usr/bin/env python3
"""Converts the HTTP data set CSIC 2010 (raw request files) to the JSON Lines traffic format of `bulwark anomaly`.

Usage: csic2010_to_jsonl.py LABEL PREFIX < raw.txt > out.jsonl
  LABEL   normal or attack (the CSIC file says which: normalTraffic*.txt or anomalousTrafficTest.txt)
  PREFIX  id prefix, e.g. n-train

The raw files are requests separated by blank lines: a request line ("GET http://localhost:8080/path?q HTTP/1.1"),
headers up to a blank line, and for a request with a body (POST, PUT) that body on the next non-blank line. Read as ISO-8859-1
(the files are not UTF-8), so every byte survives; bodies and URLs stay percent-encoded as sent. docs/ANOMALY.md,
"Figures", says where to get the files.
"""
import json
import re
import sys

REQUEST_LINE = re.compile(r"^(GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH|TRACE) (\S+)(?: HTTP/\d\.\d)?\s*$")


def requests(lines):
    i = 0
    n = len(lines)
    while i < n:
        m = REQUEST_LINE.match(lines[i])
        if not m:
            i += 1
            continue
        method, url = m.group(1), m.group(2)
        i += 1
        headers = {}
        while i < n and lines[i].strip() != "":
            if REQUEST_LINE.match(lines[i]):
                break
            name, _, value = lines[i].partition(":")
            headers[name.strip()] = value.strip()
            i += 1
        body = None
        # After the headers' blank line comes either the next request or this one's body (one line in CSIC 2010).
        while i < n and lines[i].strip() == "":
            i += 1
        if i < n and not REQUEST_LINE.match(lines[i]):
            body = lines[i].rstrip("\r\n")
            i += 1
        yield method, url, headers, body


def main():
    label, prefix = sys.argv[1], sys.argv[2]
    lines = sys.stdin.buffer.read().decode("iso-8859-1").splitlines()
    for k, (method, url, headers, body) in enumerate(requests(lines), 1):
        record = {"id": f"{prefix}-{k:06d}", "method": method, "url": url, "headers": headers, "label": label}
        if body is not None:
            record["body"] = body
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
