#!/usr/bin/env python3
"""Loads N Secret-shaped values into a local etcd through its gRPC gateway (127.0.0.1 only).

Usage: load_etcd.py ENDPOINT N [VALUE_BYTES]
Mix (by key index): 1 in 10,000 plaintext k8s protobuf (each one a finding), 5% aescbc/key1, the rest secretbox/key2. Values are random bytes
behind the real prefixes (shape only), so the snapshot has the size and layout of a big cluster's Secrets.
Puts are batched 100 per txn (etcd's default --max-txn-ops is 128) over 4 keep-alive connections.
"""
import base64, http.client, json, os, sys, threading

endpoint, total = sys.argv[1], int(sys.argv[2])
size = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
host, port = endpoint.split(":")
assert host == "127.0.0.1", "only a local etcd"
BATCH, WORKERS = 100, 4


def value(i):
    body = os.urandom(size)
    if i % 10000 == 0:
        return b"k8s\x00" + body
    if i % 20 == 1:
        return b"k8s:enc:aescbc:v1:key1:" + body[: (size // 16) * 16]
    return b"k8s:enc:secretbox:v1:key2:" + body


def b64(data):
    return base64.b64encode(data).decode()


def worker(start):
    conn = http.client.HTTPConnection(host, int(port))
    for first in range(start * BATCH, total, BATCH * WORKERS):
        ops = [{"requestPut": {"key": b64(f"/registry/secrets/ns-{i % 1000:03d}/secret-{i:07d}".encode()), "value": b64(value(i))}}
               for i in range(first, min(first + BATCH, total))]
        conn.request("POST", "/v3/kv/txn", json.dumps({"success": ops}), {"Content-Type": "application/json"})
        response = conn.getresponse()
        payload = response.read()
        if response.status != 200:
            raise SystemExit(f"txn failed: {response.status} {payload[:200]!r}")


threads = [threading.Thread(target=worker, args=(w,)) for w in range(WORKERS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"loaded {total} keys of ~{size} bytes")
