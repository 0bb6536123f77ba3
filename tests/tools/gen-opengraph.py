#!/usr/bin/env python3
"""Write a synthetic BloodHound OpenGraph file of a given size.

The estate is made of users, service accounts, roles, credentials and
systems with a few properties each, joined by edges of the common kinds.
The same arguments always give the same bytes, so tests that kill an
import part-way can compare counts against a known file.

usage: gen-opengraph.py [--nodes N] [--edges M] [--seed S] [--source NAME]
"""
import argparse
import json
import random
import sys

KINDS = [
    ("User", "human"),
    ("ServiceAccount", "service_account"),
    ("Role", "role"),
    ("AccessKey", "credential"),
    ("Repository", "system"),
]
EDGE_KINDS = ["MemberOf", "HasRole", "Owns", "AuthenticatesAs", "CanAssume",
              "Grants", "Uses"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=1000)
    ap.add_argument("--edges", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--source", default="synthetic")
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    out = sys.stdout
    out.write('{"metadata": {"source_kind": %s},\n "graph": {"nodes": [\n'
              % json.dumps(args.source))
    for i in range(args.nodes):
        kind = KINDS[i % len(KINDS)][0]
        props = {
            "name": "%s-%06d" % (kind.lower(), i),
            "created_at": "20%02d-%02d-%02dT12:00:00Z"
                          % (rnd.randint(10, 24), rnd.randint(1, 12),
                             rnd.randint(1, 28)),
            "environment": rnd.choice(["prod", "dev", "staging"]),
            "description": "synthetic node %d of %d" % (i, args.nodes),
        }
        if kind == "AccessKey":
            props["last_used_at"] = rnd.randint(1500000000, 1700000000)
        sep = ",\n" if i + 1 < args.nodes else "\n"
        out.write(json.dumps({"id": "n%d" % i, "kinds": [kind],
                              "properties": props}) + sep)
    out.write('],\n "edges": [\n')
    for i in range(args.edges):
        edge = {"kind": rnd.choice(EDGE_KINDS),
                "start": {"value": "n%d" % rnd.randrange(args.nodes)},
                "end": {"value": "n%d" % rnd.randrange(args.nodes)},
                "properties": {"traversable": True}}
        sep = ",\n" if i + 1 < args.edges else "\n"
        out.write(json.dumps(edge) + sep)
    out.write("]}}\n")


if __name__ == "__main__":
    main()
