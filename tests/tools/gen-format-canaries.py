#!/usr/bin/env python3
"""Write canary secrets into an export of every format but OpenGraph.

The canaries are fresh random values of the shapes trustwalk must keep
out of a case, placed where real exports carry them by accident or by
design, each also base64-encoded somewhere:

- AWS authorization details: a secret access key in a tag named as a
  secret and in a tag and a policy Sid with the word "secret", a PEM private
  key in a role description, a GitHub token in the Sid of a policy
  document written as URL-encoded text;
- AWS credential report: GitHub tokens in fields of the CSV, and the same
  report as the JSON response with its CSV in base64;
- Kubernetes: a service account token Secret (kept by its fingerprint),
  a password in stringData, the last-applied annotation that copies
  them, a token in an annotation, and secret environment variables;
- GitHub REST: tokens in the organisation's and a team's descriptions
  and in a repository's, and a fine-grained token as a variable's value;
- Entra ID (Graph): a client secret's secretText, a PEM private key as a
  certificate's display name and as its key, a Slack token in an
  application's name and notes;
- GCP: a JWT in a service account's description, a key file with its
  private key in privateKeyData;
- ROADrecon: SQL for a database with a client secret's secretText and a
  token in an application's name.

usage: gen-format-canaries.py DIR CANARY_LIST
DIR receives aws/authz.json, aws/credreport.csv,
aws/credreport-response.json, k8s/cluster.yaml, github/, entra/, gcp/
and roadrecon.sql. CANARY_LIST gets one canary per line, every plain
value and every base64 form that the files hold; the caller appends it to
its list.
"""
import base64
import json
import os
import random
import string
import sys
import urllib.parse

rnd = random.SystemRandom()
ALNUM = string.ascii_letters + string.digits


def chars(alphabet, n):
    return "".join(rnd.choice(alphabet) for _ in range(n))


def b64(text):
    return base64.b64encode(text.encode()).decode()


def b64url(raw):
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def aws_secret():
    return base64.b64encode(bytes(rnd.randrange(256)
                                  for _ in range(30))).decode()


def ghp():
    return "ghp_" + chars(ALNUM, 36)


def pem(kind="RSA PRIVATE KEY"):
    body = "\n".join(chars(ALNUM + "+/", 64) for _ in range(3))
    return ("-----BEGIN " + kind + "-----\n" + body + "\n-----END " +
            kind + "-----\n"), body


def jwt(sub):
    header = b64url(b'{"alg":"RS256","kid":"canary"}')
    payload = b64url(json.dumps({"sub": sub,
                                 "nonce": chars(ALNUM, 16)}).encode())
    return header + "." + payload + "." + b64url(
        bytes(rnd.randrange(256) for _ in range(48)))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def write_json(path, doc):
    write(path, json.dumps(doc, indent=1) + "\n")


class Canaries:
    """The canaries written so far, plain and base64."""

    def __init__(self):
        self.values = []

    def add(self, *values):
        for v in values:
            self.values.append(v)
        return values[0] if len(values) == 1 else values


def aws(out, c):
    """Authorization details, the credential report and its response."""
    acct = "111122223333"
    key_id = "AKIA" + chars(string.ascii_uppercase + "234567", 16)
    tag_secret = c.add(aws_secret())
    note_secret = c.add(aws_secret())
    sid_secret = c.add(aws_secret())
    b64_note = c.add(b64("aws_secret_access_key = " + aws_secret()))
    role_pem, role_pem_body = pem()
    c.add(role_pem_body)
    sid_token = c.add(ghp())
    text_doc = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "deploy " + sid_token, "Effect": "Allow",
        "Action": "s3:GetObject", "Resource": "*"}]})
    policy_doc = {"Version": "2012-10-17", "Statement": [{
        "Sid": "secret " + sid_secret, "Effect": "Allow",
        "Action": "s3:*", "Resource": "*"}]}
    doc = {
        "UserDetailList": [{
            "UserName": "canary-ci", "Path": "/",
            "Arn": "arn:aws:iam::%s:user/canary-ci" % acct,
            "UserId": "AIDA" + chars(string.ascii_uppercase, 17),
            "CreateDate": "2024-01-01T00:00:00Z",
            "Tags": [
                {"Key": "aws_secret_access_key", "Value": tag_secret},
                {"Key": "note", "Value": key_id + " secret " +
                 note_secret},
                {"Key": "copy", "Value": b64_note}],
            "UserPolicyList": [{"PolicyName": "inline-canary",
                                "PolicyDocument": policy_doc}],
            "GroupList": [], "AttachedManagedPolicies": []}],
        "RoleDetailList": [{
            "RoleName": "canary-role", "Path": "/",
            "Arn": "arn:aws:iam::%s:role/canary-role" % acct,
            "RoleId": "AROA" + chars(string.ascii_uppercase, 17),
            "Description": "break glass key:\n" + role_pem,
            "CreateDate": "2024-01-01T00:00:00Z",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17",
                                         "Statement": [{
                                             "Effect": "Allow",
                                             "Principal": {"AWS": acct},
                                             "Action": "sts:AssumeRole"}]},
            "RolePolicyList": [{"PolicyName": "encoded-canary",
                                "PolicyDocument": urllib.parse.quote(
                                    text_doc)}],
            "AttachedManagedPolicies": [], "InstanceProfileList": [],
            "Tags": []}],
        "GroupDetailList": [], "Policies": []}
    write_json(os.path.join(out, "aws", "authz.json"), doc)

    used_service = c.add(ghp())
    region_b64 = c.add(b64(ghp()))
    c.add(base64.b64decode(region_b64).decode())
    header = ("user,arn,user_creation_time,password_enabled,"
              "password_last_used,password_last_changed,"
              "password_next_rotation,mfa_active,access_key_1_active,"
              "access_key_1_last_rotated,access_key_1_last_used_date,"
              "access_key_1_last_used_region,"
              "access_key_1_last_used_service\n")
    row = ("canary-ci,arn:aws:iam::%s:user/canary-ci,"
           "2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,"
           "2024-01-01T00:00:00+00:00,2024-06-01T00:00:00+00:00,"
           "%s,\"uses %s\"\n" % (acct, region_b64, used_service))
    csv = header + row
    write(os.path.join(out, "aws", "credreport.csv"), csv)
    write_json(os.path.join(out, "aws", "credreport-response.json"), {
        "Content": b64(csv), "ReportFormat": "text/csv",
        "GeneratedTime": "2024-06-02T00:00:00Z"})


def k8s(out, c):
    """A cluster with a token Secret, a password and secret variables."""
    token = c.add(jwt("system:serviceaccount:prod:deployer"))
    c.add(b64(token))
    password = c.add("Pw!" + chars(ALNUM, 20))
    c.add(b64(password))
    annotation_token = c.add(ghp())
    annotation_b64 = c.add(b64(ghp()))
    c.add(base64.b64decode(annotation_b64).decode())
    env_token = c.add("tok-" + chars(ALNUM, 30))
    env_ghp = c.add(ghp())
    env_b64 = c.add(b64(ghp()))
    c.add(base64.b64decode(env_b64).decode())

    applied = json.dumps({"apiVersion": "v1", "kind": "Secret",
                          "metadata": {"name": "db", "namespace": "prod"},
                          "stringData": {"password": password}})
    docs = [
        {"apiVersion": "v1", "kind": "ServiceAccount",
         "metadata": {"name": "deployer", "namespace": "prod",
                      "annotations": {"ci/token": annotation_token,
                                      "ci/copy": annotation_b64}}},
        {"apiVersion": "v1", "kind": "Secret",
         "type": "kubernetes.io/service-account-token",
         "metadata": {"name": "deployer-token", "namespace": "prod",
                      "annotations": {
                          "kubernetes.io/service-account.name":
                          "deployer"}},
         "data": {"token": b64(token), "namespace": b64("prod")}},
        {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
         "metadata": {"name": "db", "namespace": "prod",
                      "annotations": {
                          "kubectl.kubernetes.io/last-applied-configuration":
                          applied}},
         "stringData": {"password": password}},
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "api", "namespace": "prod"},
         "spec": {"template": {"spec": {
             "serviceAccountName": "deployer",
             "containers": [{"name": "api", "image": "api:1",
                             "env": [
                                 {"name": "API_TOKEN", "value": env_token},
                                 {"name": "NOTE", "value": "push with " +
                                  env_ghp},
                                 {"name": "COPY", "value": env_b64},
                                 {"name": "DB_PASSWORD", "valueFrom": {
                                     "secretKeyRef": {
                                         "name": "db",
                                         "key": "password"}}}]}]}}}},
    ]
    # JSON is YAML's flow style; "---" before each makes the file YAML.
    write(os.path.join(out, "k8s", "cluster.yaml"),
          "".join("---\n" + json.dumps(d, indent=1) + "\n" for d in docs))


def github(out, c):
    """An organisation folder with tokens in descriptions and a variable."""
    d = os.path.join(out, "github")
    org_token = c.add(ghp())
    team_b64 = c.add(b64("gho_" + chars(ALNUM, 36)))
    c.add(base64.b64decode(team_b64).decode())
    repo_token = c.add(ghp())
    pat = c.add("github_pat_" + chars(ALNUM, 22) + "_" + chars(ALNUM, 59))
    pat_b64 = c.add(b64("github_pat_" + chars(ALNUM, 22) + "_" +
                        chars(ALNUM, 59)))
    c.add(base64.b64decode(pat_b64).decode())

    org = {"login": "canary-org", "id": 4242, "node_id": "O_kgDOcanary",
           "description": "bot token " + org_token,
           "default_repository_permission": "read"}
    owner = {"login": "canary-org", "id": 4242, "node_id": "O_kgDOcanary",
             "type": "Organization"}
    write_json(os.path.join(d, "org.json"), org)
    write_json(os.path.join(d, "repos.json"), [{
        "id": 1, "node_id": "R_kgDOcanary", "name": "api",
        "full_name": "canary-org/api", "private": True,
        "visibility": "private", "owner": owner,
        "description": "deploys with " + repo_token}])
    write_json(os.path.join(d, "teams.json"), [{
        "id": 7, "node_id": "T_kwDOcanary", "slug": "ops", "name": "ops",
        "description": "old token " + team_b64, "privacy": "closed"}])
    write_json(os.path.join(d, "actions-variables.json"), {
        "total_count": 2, "variables": [
            {"name": "DEPLOY_PAT", "value": pat, "visibility": "all",
             "created_at": "2024-01-01T00:00:00Z",
             "updated_at": "2024-01-01T00:00:00Z"},
            {"name": "DEPLOY_PAT_B64", "value": pat_b64,
             "visibility": "all", "created_at": "2024-01-01T00:00:00Z",
             "updated_at": "2024-01-01T00:00:00Z"}]})


def entra(out, c):
    """A tenant with a client secret's value and a private key."""
    d = os.path.join(out, "entra")
    ctx = "https://graph.microsoft.com/v1.0/$metadata#"
    tenant = "c0ffee00-0000-4000-8000-00000000cafe"
    secret_text = c.add("cs~" + chars(ALNUM, 34))
    key_pem, key_body = pem("PRIVATE KEY")
    c.add(key_body)
    key_b64 = c.add(b64(pem("PRIVATE KEY")[0]))
    slack = c.add("xoxb-" + chars(string.digits, 12) + "-" +
                  chars(ALNUM, 24))
    notes_b64 = c.add(b64(ghp()))
    c.add(base64.b64decode(notes_b64).decode())

    write_json(os.path.join(d, "organization.json"), {
        "@odata.context": ctx + "organization",
        "value": [{"id": tenant, "displayName": "Canary Tenant"}]})
    write_json(os.path.join(d, "applications.json"), {
        "@odata.context": ctx + "applications",
        "value": [{
            "id": "a0000000-0000-4000-8000-000000000001",
            "appId": "b0000000-0000-4000-8000-000000000001",
            "displayName": "canary app " + slack,
            "notes": "rotate " + notes_b64,
            "passwordCredentials": [{
                "keyId": "e0000000-0000-4000-8000-000000000001",
                "displayName": "ci", "hint": secret_text[:3],
                "secretText": secret_text,
                "startDateTime": "2024-01-01T00:00:00Z",
                "endDateTime": "2026-01-01T00:00:00Z"}],
            "keyCredentials": [{
                "keyId": "e0000000-0000-4000-8000-000000000002",
                "displayName": key_pem, "type": "AsymmetricX509Cert",
                "usage": "Verify", "key": key_b64,
                "startDateTime": "2024-01-01T00:00:00Z",
                "endDateTime": "2026-01-01T00:00:00Z"}]}]})
    write_json(os.path.join(d, "servicePrincipals.json"), {
        "@odata.context": ctx + "servicePrincipals",
        "value": [{
            "id": "c0000000-0000-4000-8000-000000000001",
            "appId": "b0000000-0000-4000-8000-000000000001",
            "displayName": "canary app", "appOwnerOrganizationId": tenant,
            "servicePrincipalType": "Application",
            "tags": ["bot " + c.add(b64(slack))]}]})


def gcp(out, c):
    """A project's service accounts and a key with its private key."""
    d = os.path.join(out, "gcp")
    email = "canary@canary-proj.iam.gserviceaccount.com"
    token = c.add(jwt(email))
    key_pem, key_body = pem("PRIVATE KEY")
    c.add(key_body)
    key_file = json.dumps({"type": "service_account",
                           "private_key": key_pem, "client_email": email})
    c.add(b64(key_file))
    write_json(os.path.join(d, "service-accounts.json"), [{
        "email": email, "displayName": "canary",
        "description": "id token " + token,
        "name": "projects/canary-proj/serviceAccounts/" + email,
        "projectId": "canary-proj", "uniqueId": "900100"}])
    write_json(os.path.join(d, "keys.json"), [{
        "name": "projects/canary-proj/serviceAccounts/" + email +
                "/keys/k1",
        "keyType": "USER_MANAGED", "keyAlgorithm": "KEY_ALG_RSA_2048",
        "privateKeyData": b64(key_file),
        "validAfterTime": "2024-01-01T00:00:00Z",
        "validBeforeTime": "9999-12-31T23:59:59Z"}])


def roadrecon(out, c):
    """SQL of a ROADrecon database holding a client secret's value."""
    secret_text = c.add("rr~" + chars(ALNUM, 34))
    token = c.add(ghp())
    creds = json.dumps([{"keyId": "f0000000-0000-4000-8000-000000000001",
                         "displayName": "sync", "secretText": secret_text,
                         "startDateTime": "2024-01-01T00:00:00Z",
                         "endDateTime": "2026-01-01T00:00:00Z"}])
    sql = """CREATE TABLE "Users" ("id" TEXT PRIMARY KEY, "displayName" TEXT);
CREATE TABLE "Applications" ("id" TEXT PRIMARY KEY, "appId" TEXT,
    "displayName" TEXT, "passwordCredentials" TEXT,
    "keyCredentials" TEXT);
INSERT INTO "Users" VALUES ('d0000000-0000-4000-8000-000000000001',
    'Rae Canary');
INSERT INTO "Applications" VALUES ('d0000000-0000-4000-8000-000000000002',
    'd0000000-0000-4000-8000-000000000003', 'rr app %s', '%s', '[]');
""" % (token, creds.replace("'", "''"))
    write(os.path.join(out, "roadrecon.sql"), sql)


def main():
    out, listing = sys.argv[1], sys.argv[2]
    c = Canaries()
    aws(out, c)
    k8s(out, c)
    github(out, c)
    entra(out, c)
    gcp(out, c)
    roadrecon(out, c)
    with open(listing, "w") as f:
        for v in c.values:
            # A multi-line canary is searched for line by line.
            for line in v.split("\n"):
                if len(line) >= 16:
                    f.write(line + "\n")


if __name__ == "__main__":
    main()
