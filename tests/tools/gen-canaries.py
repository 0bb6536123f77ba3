#!/usr/bin/env python3
"""Write an OpenGraph file seeded with canary secrets, and their list.

The canaries are fresh random values of the shapes trustwalk must keep
out of a case. There are AWS secret access keys (named, and next to an
access key id), GitHub tokens, a Kubernetes service account token
Secret, PEM private keys, client secrets and passwords, a JWT, Slack
tokens, a URL password, and base64 encodings of several of them. They
sit in property values under secret and ordinary names, in a node id and
an edge endpoint, and in a property name.

usage: gen-canaries.py OPENGRAPH_FILE CANARY_LIST
The list has one canary per line: every plain value, then every base64
form that appears in the file. None may appear in anything trustwalk
writes or shows.
"""
import base64
import json
import random
import string
import sys

rnd = random.SystemRandom()


def chars(alphabet, n):
    return "".join(rnd.choice(alphabet) for _ in range(n))


ALNUM = string.ascii_letters + string.digits


def b64(text):
    return base64.b64encode(text.encode()).decode()


def b64url(raw):
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def main():
    out, listing = sys.argv[1], sys.argv[2]
    aws_id = "AKIA" + chars(string.ascii_uppercase + "234567", 16)
    aws_secret = base64.b64encode(bytes(rnd.randrange(256)
                                        for _ in range(30))).decode()
    aws_secret2 = base64.b64encode(bytes(rnd.randrange(256)
                                         for _ in range(30))).decode()
    ghp = "ghp_" + chars(ALNUM, 36)
    gho = "gho_" + chars(ALNUM, 36)
    ghs = "ghs_" + chars(ALNUM, 36)
    pat = "github_pat_" + chars(ALNUM, 22) + "_" + chars(ALNUM, 59)
    header = b64url(b'{"alg":"RS256","kid":"canary"}')
    payload = b64url(json.dumps({
        "iss": "kubernetes/serviceaccount",
        "sub": "system:serviceaccount:prod:deployer",
        "nonce": chars(ALNUM, 16)}).encode())
    jwt = header + "." + payload + "." + b64url(bytes(
        rnd.randrange(256) for _ in range(64)))
    pem_body = "\n".join(chars(ALNUM + "+/", 64) for _ in range(4))
    pem = ("-----BEGIN RSA PRIVATE KEY-----\n" + pem_body +
           "\n-----END RSA PRIVATE KEY-----\n")
    openssh = ("-----BEGIN OPENSSH PRIVATE KEY-----\n" +
               chars(ALNUM, 70) + "\n-----END OPENSSH PRIVATE KEY-----")
    client_secret = "cs~" + chars(ALNUM, 34)
    password = "Pw!" + chars(ALNUM, 20)
    slack = "xoxb-" + chars(string.digits, 12) + "-" + chars(ALNUM, 24)
    hook = "T" + chars(string.ascii_uppercase, 8) + "/B" + \
        chars(string.ascii_uppercase, 8) + "/" + chars(ALNUM, 24)
    url_pw = "db" + chars(ALNUM, 18)
    key_name_token = "ghp_" + chars(ALNUM, 36)
    id_token = "ghp_" + chars(ALNUM, 36)

    nodes = [
        {"id": aws_id, "kinds": ["AccessKey"], "properties": {
            "name": "deploy user key", "access_key_id": aws_id,
            "secret_access_key": aws_secret,
            "note": "aws_secret_access_key = " + aws_secret2}},
        {"id": "ci-app", "kinds": ["App"], "properties": {
            "name": "ci app", "client_secret": client_secret,
            "description": "pushes with " + ghp + " nightly",
            "token": gho, "install_token_b64": b64(ghs),
            "authorization": "Bearer " + jwt,
            "private_key": pem,
            key_name_token: "a property named by a token"}},
        {"id": "sa-token", "kinds": ["Secret"], "properties": {
            "name": "deployer-token", "type":
            "kubernetes.io/service-account-token",
            "token": b64(jwt), "value": b64(pat),
            "ca.crt": b64("-----BEGIN CERTIFICATE-----\nMIIB\n"
                          "-----END CERTIFICATE-----\n")}},
        {"id": "ops-db", "kinds": ["Database"], "properties": {
            "name": "orders db", "password": password,
            "dsn": "postgres://orders:" + url_pw + "@db.internal:5432/o",
            "runbook": "ssh key:\n" + openssh,
            "alerts": "https://hooks.slack.com/services/" + hook,
            "bot": slack, "ghp_copy_b64": b64(ghp)}},
        {"id": id_token, "kinds": ["Token"], "properties": {
            "name": "a token used as its own id"}},
        {"id": "runner", "kinds": ["Workload"], "properties": {
            "name": "ci runner"}},
    ]
    edges = [
        {"kind": "Uses", "start": {"value": "runner"},
         "end": {"value": id_token}},
        {"kind": "Uses", "start": {"value": "ci-app"},
         "end": {"value": "sa-token"}},
    ]
    doc = {"metadata": {"source_kind": "canary"},
           "graph": {"nodes": nodes, "edges": edges}}
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    plain = [aws_secret, aws_secret2, ghp, gho, ghs, pat, jwt, pem_body,
             client_secret, password, slack, hook, url_pw, key_name_token,
             id_token, openssh.split("\n")[1]]
    encoded = [b64(ghs), b64(jwt), b64(pat), b64(ghp)]
    with open(listing, "w") as f:
        for c in plain + encoded:
            f.write(c + "\n")
        # Each line of the PEM body on its own, too.
        for line in pem_body.split("\n"):
            f.write(line + "\n")


if __name__ == "__main__":
    main()
