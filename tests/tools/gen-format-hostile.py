#!/usr/bin/env python3
"""Write an export of every format but OpenGraph full of hostile text.

Names, descriptions, keys, tags, annotations, dates, file and folder
names carry what a terminal acts on or hides: escape sequences that clear
the screen and set the window title, C1 controls (CSI as U+009B),
bidirectional overrides and isolates, zero-width characters, tag
characters, line breaks, BEL and DEL. Where the format is not JSON they
come raw: in CSV cells, SQLite text, invalid UTF-8 bytes and file names.
Among the hostile text of each format sits a fresh canary secret: a
GitHub token in an AWS tag, a credential report cell, a Kubernetes
annotation, a GitHub description and a GCP description, and client
secrets in Entra and ROADrecon.

usage: gen-format-hostile.py DIR CANARY_LIST
DIR receives aws/authz.json, aws/credreport.csv, k8s/cluster.yaml,
github/, entra/, gcp/ and roadrecon.sql; CANARY_LIST gets the canaries,
one a line.
"""
import json
import os
import random
import re
import string
import sys

ESC = "\x1b[2J\x1b]0;pwned\x07"
C1 = "\u009b31m"
BIDI = "\u202eevil\u202c\u2066iso\u2069"
HIDDEN = "\u200b\u200d\U000e0041\u00ad"
BREAKS = "one\ntwo\r\nthree\t\x7f"
CANARIES = []


def canary(prefix="ghp_"):
    """A fresh random secret, noted in CANARIES."""
    rnd = random.SystemRandom()
    alnum = string.ascii_letters + string.digits
    value = prefix + "".join(rnd.choice(alnum) for _ in range(36))
    CANARIES.append(value)
    return value


def hostile(word):
    """word wrapped in every kind of hostile text."""
    return word + ESC + C1 + BIDI + HIDDEN + BREAKS + word


def write(path, text, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(text)


def write_json(path, doc):
    # ensure_ascii writes every control and format character as \uXXXX.
    write(path, json.dumps(doc, indent=1) + "\n")


def aws(out):
    acct = "111122223333"
    user = hostile("user")
    policy = {"Version": "2012-10-17", "Statement": [{
        "Sid": hostile("sid"), "Effect": "Allow",
        "Action": ["s3:" + hostile("get")],
        "Resource": "arn:aws:s3:::" + hostile("bucket"),
        "Condition": {"StringEquals": {"aws:" + hostile("k"):
                                       hostile("v")}}}]}
    write_json(os.path.join(out, "aws", "authz.json"), {
        "UserDetailList": [{
            "UserName": user, "Path": "/" + hostile("p") + "/",
            "Arn": "arn:aws:iam::%s:user/%s" % (acct, user),
            "UserId": hostile("AIDA"), "CreateDate": hostile("2024"),
            "Tags": [{"Key": hostile("team"), "Value": hostile("ops")},
                     {"Key": "owner",
                      "Value": hostile("owner") + " " + canary() + BIDI}],
            "UserPolicyList": [{"PolicyName": hostile("inline"),
                                "PolicyDocument": policy}],
            "GroupList": [hostile("group")]}],
        "RoleDetailList": [{
            "RoleName": hostile("role"),
            "Arn": "arn:aws:iam::%s:role/%s" % (acct, hostile("role")),
            "Description": hostile("description"),
            "AssumeRolePolicyDocument": {"Statement": [{
                "Effect": "Allow", "Action": "sts:AssumeRole",
                "Principal": {"AWS": "arn:aws:iam::%s:user/%s" %
                              (acct, user),
                              "Federated": hostile("idp")}}]}}]})
    raw = ESC.encode() + b"\xc2\x9b31m\x9b\xff" + BIDI.encode()
    csv = (b"user,arn,user_creation_time,password_enabled,mfa_active,"
           b"access_key_1_active,access_key_1_last_rotated,"
           b"access_key_1_last_used_region\n" +
           b"\"u" + raw + b"\",arn:aws:iam::111122223333:user/u" + raw +
           b",\"" + raw + b"\",true,false,true,2024-01-01T00:00:00Z,\"" +
           raw + b" " + canary().encode() + b"\x1b[0m\"\n")
    write(os.path.join(out, "aws", "credreport.csv"), csv, "wb")


def k8s(out):
    ns = "apps"
    docs = [
        {"apiVersion": "v1", "kind": "ServiceAccount",
         "metadata": {"name": hostile("sa"), "namespace": ns,
                      "labels": {"team": hostile("l")},
                      "annotations": {hostile("a"): hostile("av") + " " +
                                      canary() + ESC,
                                      "eks.amazonaws.com/role-arn":
                                      hostile("arn")},
                      "creationTimestamp": hostile("t")}},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
         "metadata": {"name": hostile("role"), "namespace": ns},
         "rules": [{"apiGroups": [hostile("g")],
                    "resources": [hostile("r")],
                    "verbs": [hostile("v")]}]},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
         "metadata": {"name": hostile("rb"), "namespace": ns},
         "roleRef": {"kind": "Role", "name": hostile("role")},
         "subjects": [{"kind": "ServiceAccount", "name": hostile("sa")},
                      {"kind": hostile("Robot"), "name": "x"}]},
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": hostile("pod"), "namespace": ns},
         "spec": {"serviceAccountName": hostile("sa"),
                  "containers": [{"name": hostile("c"),
                                  "image": hostile("img")}]}},
    ]
    # JSON is YAML's flow style, but YAML escapes a character outside the
    # Basic Multilingual Plane as \UXXXXXXXX, not as a surrogate pair.
    text = "".join("---\n" + json.dumps(d, indent=1) + "\n" for d in docs)
    text = re.sub(r"\\ud([89ab][0-9a-f]{2})\\ud([c-f][0-9a-f]{2})",
                  lambda m: "\\U%08x" % (0x10000 +
                                          ((int(m.group(1), 16) - 0x800) << 10)
                                          + int(m.group(2), 16) - 0xc00),
                  text)
    write(os.path.join(out, "k8s", "cluster.yaml"), text)


def github(out):
    d = os.path.join(out, "github")
    owner = {"login": "evil-org", "id": 1, "node_id": "O_evil"}
    repo = hostile("repo").replace("/", "_")
    write_json(os.path.join(d, "org.json"), {
        "login": "evil-org", "id": 1, "node_id": "O_evil",
        "name": hostile("org"),
        "description": hostile("d") + " " + canary() + C1,
        "default_repository_permission": "read"})
    write_json(os.path.join(d, "repos.json"), [{
        "id": 2, "node_id": "R_" + hostile("n"), "name": repo,
        "full_name": "evil-org/" + repo, "private": True,
        "visibility": hostile("vis"), "owner": owner}])
    write_json(os.path.join(d, "members.json"), [{
        "login": hostile("m"), "id": 3, "node_id": "U_" + hostile("u"),
        "type": "User"}])
    write_json(os.path.join(d, "repos", repo, "keys.json"), [{
        "id": 4, "title": hostile("key"), "read_only": False,
        "key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH" + "A" * 43,
        "created_at": hostile("2024")}])
    write_json(os.path.join(d, "repos", "ghost" + ESC, "keys.json"), [])


def entra(out):
    d = os.path.join(out, "entra")
    ctx = "https://graph.microsoft.com/v1.0/$metadata#"
    tenant = "c0ffee00-0000-4000-8000-0000000000aa"
    write_json(os.path.join(d, "organization.json"), {
        "@odata.context": ctx + "organization",
        "value": [{"id": tenant, "displayName": hostile("tenant")}]})
    write_json(os.path.join(d, "users.json"), {
        "@odata.context": ctx + "users",
        "value": [{"id": hostile("uid"), "displayName": hostile("user"),
                   "userPrincipalName": hostile("upn"),
                   "jobTitle": hostile("job"),
                   "createdDateTime": hostile("2024")}]})
    write_json(os.path.join(d, "applications.json"), {
        "@odata.context": ctx + "applications",
        "value": [{"id": "a0000000-0000-4000-8000-0000000000aa",
                   "appId": "b0000000-0000-4000-8000-0000000000aa",
                   "displayName": hostile("app"),
                   "tags": [hostile("tag")],
                   "passwordCredentials": [{
                       "keyId": hostile("kid"),
                       "displayName": hostile("cred"),
                       "secretText": canary("Xq8~") + ESC,
                       "endDateTime": hostile("end")}]}]})
    write_json(os.path.join(d, "groups", "g" + ESC, "members.json"), {
        "@odata.context": ctx + "directoryObjects", "value": []})


def gcp(out):
    d = os.path.join(out, "gcp")
    email = "svc@evil-proj.iam.gserviceaccount.com"
    write_json(os.path.join(d, "service-accounts.json"), [{
        "email": email, "displayName": hostile("sa"),
        "description": hostile("desc") + " " + canary() + HIDDEN,
        "name": "projects/evil-proj/serviceAccounts/" + email,
        "projectId": "evil-proj", "uniqueId": hostile("id")}])
    write_json(os.path.join(d, "project-evil-proj.iam-policy.json"), {
        "bindings": [{"role": hostile("roles/x"),
                      "members": ["user:" + hostile("u") + "@x.example",
                                  hostile("robot:")],
                      "condition": {"title": hostile("t"),
                                    "expression": hostile("e")}}]})


def roadrecon(out):
    def q(s):
        return "'" + s.replace("'", "''") + "'"
    sql = """CREATE TABLE "Users" ("objectId" TEXT PRIMARY KEY,
    "displayName" TEXT, "userPrincipalName" TEXT);
CREATE TABLE "Applications" ("objectId" TEXT PRIMARY KEY, "appId" TEXT,
    "displayName" TEXT, "passwordCredentials" TEXT);
INSERT INTO "Users" VALUES ('u1', %s, x'75801b5b324a9bff');
INSERT INTO "Applications" VALUES ('a1', 'app1', %s, %s);
""" % (q(hostile("rruser")), q(hostile("rrapp")),
       q(json.dumps([{"keyId": hostile("k"),
                      "displayName": hostile("c"),
                      "secretText": canary("rR7~") + BIDI}])))
    write(os.path.join(out, "roadrecon.sql"), sql)


def main():
    out = sys.argv[1]
    aws(out)
    k8s(out)
    github(out)
    entra(out)
    gcp(out)
    roadrecon(out)
    with open(sys.argv[2], "w") as f:
        f.write("".join(c + "\n" for c in CANARIES))


if __name__ == "__main__":
    main()
