"""RFC 6962 section 2.1 written out as the RFC states it, recursively over a list of leaves,
with nothing shared with the node's code: the independent implementation tests/merkle.rs
checks the node's Merkle proofs against.

Reads {"leaves": [hex, ...], "sizes": [n, ...]} on stdin; writes, for each n, the root of the
first n leaves, the inclusion proof of every leaf, and the consistency proof from every m < n.
"""

import hashlib
import json
import sys


def leaf(data):
    return hashlib.sha256(b"\x00" + data).digest()


def interior(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(d):
    if len(d) == 0:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return leaf(d[0])
    k = split_point(len(d))
    return interior(mth(d[:k]), mth(d[k:]))


def path(m, d):
    if len(d) <= 1:
        return []
    k = split_point(len(d))
    if m < k:
        return path(m, d[:k]) + [mth(d[k:])]
    return path(m - k, d[k:]) + [mth(d[:k])]


def subproof(m, d, b):
    n = len(d)
    if m == n:
        return [] if b else [mth(d)]
    k = split_point(n)
    if m <= k:
        return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]


def main():
    request = json.load(sys.stdin)
    leaves = [bytes.fromhex(h) for h in request["leaves"]]
    out = []
    for n in request["sizes"]:
        d = leaves[:n]
        out.append({
            "size": n,
            "root": mth(d).hex(),
            "inclusion": [[h.hex() for h in path(i, d)] for i in range(n)],
            "consistency": [[h.hex() for h in subproof(m, d, True)] for m in range(1, n)],
        })
    json.dump(out, sys.stdout)


main()
