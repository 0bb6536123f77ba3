#!/usr/bin/env python3
"""A local HTTPS server for the trustwalk fetch tests.

It listens on loopback only, on free ports it picks itself:

  main     TLS with the test CA's certificate for 127.0.0.1 and localhost
  alt      the same certificate on another port: another origin
  badca    a certificate from a CA the tests do not trust
  badname  a certificate from the test CA for another host name
  plain    plain HTTP
  proxy    an HTTP proxy that tunnels CONNECT to the main listener only
  stall    accepts connections and never answers, not even the TLS
           handshake

and writes {"main": PORT, ...} to the ready file once all listen. Every
request is appended to the log file as a JSON line with the listener, the
Host header, the path, the Accept-Encoding and the Authorization header,
so that the tests can check where a token went.

Paths are /s/SCENARIO/API/..., where API is gh (the GitHub REST API over
tests/fixtures/github/org), k8s (the Kubernetes API over
tests/fixtures/k8s/cluster-dump.json), graph (Microsoft Graph over
tests/fixtures/entra/tenant) or raw (files of tests/fixtures as they
are). Lists are served two records to a page, so that every list is
paged. SCENARIO "ok" is a well-behaved server; the others are the hostile
cases of tests/cli/fetch-hostile.sh, described in SCENARIOS below.

Usage: server.py --root TW_ROOT --certs DIR --ready FILE --log FILE
"""

import argparse
import base64
import gzip
import http.server
import json
import os
import select
import signal
import socket
import socketserver
import ssl
import sys
import threading
import time
import urllib.parse

PAGE = 2

# Scenario: what the server does differently from "ok".
SCENARIOS = {
    "ok": "a well-behaved server",
    "nexthost": "repos page 1 links to the same server as 'localhost'",
    "nextport": "repos page 1 links to the alt listener",
    "nexthttp": "repos page 1 links to the plain http listener",
    "nextself": "repos page 1 links to itself",
    "nextuser": "repos page 1 links to a URL with a user name",
    "nextftp": "repos page 1 links to an ftp URL",
    "redirfile": "repos redirects to file:///etc/passwd",
    "redirport": "repos redirects to the alt listener",
    "redirhttp": "repos redirects to the plain http listener",
    "redirok": "repos redirects to the same origin (followed)",
    "redirhost": "repos redirects to the same server as 'localhost'",
    "redirloop": "repos redirects to itself with a new query, forever",
    "retry": "repos answers 429 with Retry-After: 1 once",
    "absurd": "repos answers 429 with Retry-After: 99999999999",
    "malformed": "repos answers 429 with Retry-After: soon once",
    "reset": "repos answers 403 with X-RateLimit-Remaining: 0 once",
    "date": "repos answers 503 with an HTTP-date Retry-After once",
    "secondary": "repos answers 403 with Retry-After: 1 once",
    "down": "the organisation's repos answer 503, always",
    "flood": "the organisation's repos answer 429 without Retry-After",
    "trickle": "repos sends its body one byte every half second",
    "huge": "repos sends 3 MB chunked",
    "hugegzip": "repos sends 3 MB gzip-compressed into a few KB",
    "hugelen": "repos declares a Content-Length of 3 MB",
    "login": "every endpoint answers 200 with an HTML login page",
    "login2": "repos answers 200 with an HTML login page",
    "badtoken": "every endpoint answers 401",
    "denied": "secrets, installations and tokens answer 403",
    "secrets": "a token in a repository description and a Secret value",
    "gone": "the second page of secrets answers 410 once",
    "goneall": "the second page of secrets always answers 410",
    "nosignin": "users with signInActivity answer 403",
    "throttle": "groups answer 429 with Retry-After: 1 once",
}

# Values the secrets scenario plants; tests/cli/fetch.sh checks that
# none of them reaches the case file.
CANARY_GITHUB = "ghp_" + "Zq8mFw2NcR5tLb7VkX3yHd9GpJ4sTe6WaU1o"
CANARY_K8S = "k8s-canary-password-Vd93kQm7Zx"


def load_docs(path):
    """The JSON documents of a file, one after another."""
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    dec = json.JSONDecoder()
    docs, i = [], 0
    while True:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        if i >= len(text):
            return docs
        doc, i = dec.raw_decode(text, i)
        docs.append(doc)


class State:
    """What the server remembers between requests."""

    def __init__(self, args):
        self.root = args.root
        self.ports = {}
        self.lock = threading.Lock()
        self.hits = {}
        self.log = open(args.log, "a", encoding="utf-8")

    def once(self, key):
        """True the first time key is asked for."""
        with self.lock:
            n = self.hits.get(key, 0)
            self.hits[key] = n + 1
        return n == 0

    def record(self, entry):
        with self.lock:
            self.log.write(json.dumps(entry) + "\n")
            self.log.flush()


class StopRoute(Exception):
    """The handler has written its own response."""


class Reply(Exception):
    """A response to send: status, headers, body."""

    def __init__(self, status, body, headers=None):
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers or {}


def json_reply(status, doc, headers=None):
    h = {"Content-Type": "application/json; charset=utf-8"}
    h.update(headers or {})
    return Reply(status, json.dumps(doc).encode(), h)


LOGIN_PAGE = (b"<!DOCTYPE html><html><head><title>Sign in</title></head>"
              b"<body><form action=/login><input name=user>"
              b"<input name=password type=password></form></body></html>")


class GitHub:
    """The GitHub REST API over a folder of gh api --paginate output."""

    WRAPPED = {
        "installations": "installations",
        "repositories": "repositories",
        "secrets": "secrets",
        "actions-secrets": "secrets",
        "variables": "variables",
        "actions-variables": "variables",
        "environments": "environments",
        "deployment-branch-policies": "branch_policies",
    }

    def __init__(self, state):
        self.dir = os.path.join(state.root, "tests/fixtures/github/org")
        self.state = state

    def fixture(self, parts, query):
        """The fixture file and how its records are wrapped."""
        if parts[:1] == ["orgs"] and len(parts) >= 2:
            rest = parts[2:]
            if not rest:
                return "org.json", None, False
            if rest == ["members"] and query.get("role") == ["admin"]:
                return "admins.json", "[]", True
            if rest == ["outside_collaborators"]:
                return "outside-collaborators.json", "[]", True
            if len(rest) == 3 and rest[0] == "teams" and \
                    rest[2] == "members" and \
                    query.get("role") == ["maintainer"]:
                rest = ["teams", rest[1], "maintainers"]
            if rest[:1] == ["actions"]:
                rest = ["actions-" + rest[1]] + rest[2:]
            parts = rest
        elif parts[:1] == ["repos"] and len(parts) >= 3:
            rest = parts[3:]
            if rest[:1] == ["actions"]:
                rest = ["actions-" + rest[1]] + rest[2:]
            parts = ["repos", parts[2]] + rest
        elif parts[:2] == ["user", "installations"]:
            parts = parts[1:]
        elif parts[:1] == ["users"] and len(parts) == 2:
            return "users/%s.json" % parts[1], None, False
        wrap = self.WRAPPED.get(parts[-1], "[]")
        if parts[:1] in (["personal-access-tokens"],
                         ["personal-access-token-requests"]):
            wrap = "[]"
        return "/".join(parts) + ".json", wrap, True

    def environments(self, repo):
        """Environments listed from single-environment files."""
        d = os.path.join(self.dir, "repos", repo, "environments")
        envs = []
        if os.path.isdir(d):
            for name in sorted(os.listdir(d)):
                p = os.path.join(d, name)
                if name.endswith(".json") and os.path.isfile(p):
                    envs.extend(load_docs(p))
        return envs

    def profile(self, login):
        """A profile for a login the fixture has no file for."""
        for name in ("members.json", "outside-collaborators.json"):
            for page in load_docs(os.path.join(self.dir, name)):
                for m in page:
                    if m.get("login") == login:
                        return {k: m[k] for k in ("login", "id", "node_id",
                                                  "type", "site_admin")}
        return None

    def records(self, rel, wrap):
        """All records of a list fixture, or None when it is absent."""
        path = os.path.join(self.dir, rel)
        parts = rel[:-5].split("/")
        if not os.path.isfile(path):
            if wrap == "environments" and len(parts) == 3:
                return self.environments(parts[1])
            return None
        out = []
        for doc in load_docs(path):
            if isinstance(doc, dict) and "message" in doc and \
                    wrap not in doc:
                raise json_reply(int(doc.get("status", 404)), doc)
            out.extend(doc if isinstance(doc, list) else doc.get(wrap, []))
        return out

    def serve(self, handler, scenario, parts, query):
        rel, wrap, is_list = self.fixture(parts, query)
        if not is_list:
            path = os.path.join(self.dir, rel)
            if os.path.isfile(path):
                raise json_reply(200, load_docs(path)[0])
            if parts[0] == "users" and self.profile(parts[1]):
                raise json_reply(200, self.profile(parts[1]))
            raise json_reply(404, {"message": "Not Found"})
        records = self.records(rel, wrap)
        if records is None:
            records = []
        if scenario == "secrets" and rel == "repos.json":
            records = [dict(records[0], description="deploy with token "
                            + CANARY_GITHUB)] + records[1:]
        if scenario == "secrets" and rel == "repos/api/actions-variables.json":
            records = records + [{"name": "TOKEN_COPY",
                                  "value": CANARY_GITHUB,
                                  "created_at": "2024-01-01T00:00:00Z",
                                  "updated_at": "2024-01-01T00:00:00Z"}]
        page = int(query.get("page", ["1"])[0])
        size = min(int(query.get("per_page", ["30"])[0]), PAGE)
        chunk = records[(page - 1) * size:page * size]
        body = chunk if wrap == "[]" else {"total_count": len(records),
                                           wrap: chunk}
        headers = {}
        if page * size < len(records):
            q = dict(query)
            q["page"] = [str(page + 1)]
            headers["Link"] = '<%s>; rel="next", <%s>; rel="last"' % (
                handler.url_for(handler.path.split("?")[0], q),
                handler.url_for(handler.path.split("?")[0], q))
        raise json_reply(200, body, headers)


class Kubernetes:
    """The Kubernetes API over a kubectl List."""

    def __init__(self, state):
        self.state = state
        docs = load_docs(os.path.join(state.root,
                                      "tests/fixtures/k8s/cluster-dump.json"))
        self.lists = {}
        for item in docs[0]["items"]:
            api, kind = item["apiVersion"], item["kind"]
            prefix = "api/v1" if api == "v1" else "apis/" + api
            path = "%s/%ss" % (prefix, kind.lower())
            bare = {k: v for k, v in item.items()
                    if k not in ("kind", "apiVersion")}
            self.lists.setdefault(path, (kind, api, []))[2].append(bare)

    def serve(self, handler, scenario, parts, query):
        path = "/".join(parts)
        kind, api, items = self.lists.get(path, (None, None, []))
        if kind is None:
            res = parts[-1]
            kind = res[:-1].capitalize()
            api = "v1" if parts[0] == "api" else "/".join(parts[1:3])
        items = list(items)
        if scenario == "denied" and parts[-1] == "secrets":
            raise json_reply(403, {
                "kind": "Status", "apiVersion": "v1", "status": "Failure",
                "message": 'secrets is forbidden: User "system:serviceaccount:'
                'audit:reader" cannot list resource "secrets" in API group '
                '"" at the cluster scope', "reason": "Forbidden",
                "code": 403})
        if scenario == "secrets" and parts[-1] == "secrets":
            items.append({"metadata": {"name": "planted", "namespace":
                                       "default"}, "type": "Opaque",
                          "data": {"password": base64.b64encode(
                              CANARY_K8S.encode()).decode()}})
        token = query.get("continue", [None])[0]
        start = int(token.split("-")[1]) if token else 0
        if parts[-1] == "secrets" and token and (scenario == "goneall" or
                                                 (scenario == "gone" and
                                                  self.state.once("gone"))):
            raise json_reply(410, {
                "kind": "Status", "apiVersion": "v1", "status": "Failure",
                "message": "The provided continue parameter is too old",
                "reason": "Expired", "code": 410})
        size = min(int(query.get("limit", ["500"])[0]), PAGE)
        meta = {"resourceVersion": "4711"}
        if start + size < len(items):
            meta["continue"] = "off-%d" % (start + size)
        raise json_reply(200, {"kind": kind + "List", "apiVersion": api,
                               "metadata": meta,
                               "items": items[start:start + size]})


class Graph:
    """Microsoft Graph over a folder of saved responses."""

    def __init__(self, state):
        self.state = state
        self.dir = os.path.join(state.root, "tests/fixtures/entra/tenant")

    def serve(self, handler, scenario, parts, query):
        version, rest = parts[0], parts[1:]
        rel = "/".join(rest) + ".json"
        path = os.path.join(self.dir, rel)
        if scenario == "nosignin" and rest == ["users"] and \
                "signInActivity" in query.get("$select", [""])[0]:
            raise json_reply(403, {"error": {
                "code": "Authentication_RequestFromNonPremiumTenantOrB2C"
                        "Tenant",
                "message": "Neither tenant is B2C or tenant doesn't have "
                           "premium license"}})
        if scenario == "throttle" and rest == ["groups"] and \
                self.state.once("throttle"):
            raise json_reply(429, {"error": {"code": "TooManyRequests",
                                             "message": "slow down"}},
                             {"Retry-After": "1"})
        if os.path.isfile(path):
            docs = load_docs(path)
            context = docs[0].get("@odata.context")
            records = [r for d in docs for r in d.get("value", [])]
        else:
            context = "https://graph.microsoft.com/%s/$metadata#" \
                      "directoryObjects" % version
            records = []
        skip = int(query.get("$skiptoken", ["0"])[0])
        body = {"@odata.context": context,
                "value": records[skip:skip + PAGE]}
        if skip + PAGE < len(records):
            q = dict(query)
            q["$skiptoken"] = [str(skip + PAGE)]
            host = "localhost" if scenario == "nexthost" else "127.0.0.1"
            body["@odata.nextLink"] = handler.url_for(
                handler.path.split("?")[0], q, host=host)
        raise json_reply(200, body)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fixture"
    state = None

    def log_message(self, fmt, *args):
        pass

    def url_for(self, path, query, host="127.0.0.1", port=None):
        q = urllib.parse.urlencode(query, doseq=True, safe="$,")
        return "https://%s:%d%s?%s" % (host, port or self.state.ports["main"],
                                       path, q)

    def send(self, reply):
        body = reply.body
        self.send_response(reply.status)
        headers = dict(reply.headers)
        headers.setdefault("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.state.record({"listener": self.server.name,
                           "host": self.headers.get("Host"),
                           "path": self.path,
                           "encoding": self.headers.get("Accept-Encoding"),
                           "auth": self.headers.get("Authorization")})
        try:
            self.route()
        except StopRoute:
            pass
        except Reply as r:
            self.send(r)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass
        except Exception as e:  # a bug in this server: report it
            self.send(json_reply(500, {"message": "server error: %r" % e}))

    def do_CONNECT(self):
        """The proxy listener: a tunnel to the main listener, nowhere else."""
        self.state.record({"listener": self.server.name, "host": None,
                           "path": "CONNECT " + self.path, "encoding": None,
                           "auth": self.headers.get("Authorization")})
        main = "127.0.0.1:%d" % self.state.ports["main"]
        if self.server.name != "proxy" or self.path != main:
            self.send(Reply(403, b"", {}))
            return
        upstream = socket.create_connection(("127.0.0.1",
                                             self.state.ports["main"]))
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        conns = [self.connection, upstream]
        try:
            while True:
                ready, _, _ = select.select(conns, [], [], 30)
                if not ready:
                    break
                for c in ready:
                    data = c.recv(65536)
                    if not data:
                        return
                    (upstream if c is self.connection
                     else self.connection).sendall(data)
        except OSError:
            pass
        finally:
            upstream.close()
            self.close_connection = True

    def route(self):
        url = urllib.parse.urlsplit(self.path)
        parts = [urllib.parse.unquote(p) for p in url.path.split("/") if p]
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if len(parts) < 3 or parts[0] != "s" or parts[1] not in SCENARIOS:
            raise json_reply(404, {"message": "Not Found"})
        scenario, api, rest = parts[1], parts[2], parts[3:]
        if scenario == "login":
            raise Reply(200, LOGIN_PAGE, {"Content-Type": "text/html"})
        if scenario == "badtoken":
            raise json_reply(401, {"message": "Bad credentials"})
        if api == "gh":
            self.hostile_gh(scenario, rest, query)
            raise_from = GitHub(self.state)
        elif api == "k8s":
            raise_from = Kubernetes(self.state)
        elif api == "graph":
            raise_from = Graph(self.state)
        elif api == "raw":
            self.raw(rest)
        else:
            raise json_reply(404, {"message": "Not Found"})
        raise_from.serve(self, scenario, rest, query)

    def raw(self, rest):
        path = os.path.join(self.state.root, "tests/fixtures", *rest)
        if ".." in rest or not os.path.isfile(path):
            raise json_reply(404, {"message": "Not Found"})
        with open(path, "rb") as f:
            raise Reply(200, f.read(), {"Content-Type": "application/json"})

    def hostile_gh(self, scenario, rest, query):
        """The hostile behaviours of the GitHub endpoints."""
        repos = rest[-1:] == ["repos"] and rest[:1] == ["orgs"]
        here = self.path.split("?")[0]
        ports = self.state.ports
        if scenario == "denied":
            for tail in (["actions", "secrets"], ["installations"],
                         ["personal-access-tokens"]):
                if rest[-len(tail):] == tail:
                    raise json_reply(403, {
                        "message": "Resource not accessible by personal "
                                   "access token",
                        "documentation_url": "https://docs.github.com/"})
        if scenario == "login2" and repos:
            raise Reply(200, LOGIN_PAGE, {"Content-Type": "text/html"})
        if not repos:
            return
        page = query.get("page", ["1"])[0]
        nexts = {
            "nexthost": self.url_for(here, {"page": "2"}, host="localhost"),
            "nextport": self.url_for(here, {"page": "2"}, port=ports["alt"]),
            "nexthttp": "http://127.0.0.1:%d%s?page=2" % (ports["plain"],
                                                          here),
            "nextself": self.url_for(here, {"page": "1", "per_page": "100"}),
            "nextuser": "https://user@127.0.0.1:%d%s?page=2" % (
                ports["main"], here),
            "nextftp": "ftp://127.0.0.1:%d%s?page=2" % (ports["plain"], here),
        }
        if scenario in nexts and page == "1":
            gh = GitHub(self.state)
            records = gh.records("repos.json", "[]")
            raise json_reply(200, records[:PAGE], {
                "Link": '<%s>; rel="next"' % nexts[scenario]})
        redirects = {
            "redirfile": "file:///etc/passwd",
            "redirport": self.url_for(here, {"per_page": "100"},
                                      port=ports["alt"]),
            "redirhttp": "http://127.0.0.1:%d%s" % (ports["plain"], here),
            "redirok": self.url_for(here.replace("/redirok/", "/ok/"),
                                    {"per_page": "100"}),
            "redirhost": self.url_for(here, {"per_page": "100"},
                                      host="localhost"),
            "redirloop": self.url_for(here, {"hop": str(int(query.get(
                "hop", ["0"])[0]) + 1)}),
        }
        if scenario in redirects:
            raise Reply(302, b"", {"Location": redirects[scenario]})
        self.hostile_rate(scenario)
        self.hostile_body(scenario)

    def hostile_rate(self, scenario):
        once = self.state.once(scenario + " repos")
        if scenario == "retry" and once:
            raise json_reply(429, {"message": "slow down"},
                             {"Retry-After": "1"})
        if scenario == "absurd":
            raise json_reply(429, {"message": "slow down"},
                             {"Retry-After": "99999999999"})
        if scenario == "malformed" and once:
            raise json_reply(429, {"message": "slow down"},
                             {"Retry-After": "soon, maybe"})
        if scenario == "reset" and once:
            raise json_reply(403, {"message": "API rate limit exceeded"}, {
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": str(int(time.time()) + 1)})
        if scenario == "date" and once:
            when = time.strftime("%a, %d %b %Y %H:%M:%S GMT",
                                 time.gmtime(time.time() + 2))
            raise json_reply(503, {"message": "busy"}, {"Retry-After": when})
        if scenario == "secondary" and once:
            raise json_reply(403, {"message": "You have exceeded a "
                                              "secondary rate limit"},
                             {"Retry-After": "1"})
        # Only the organisation's list, so that the teams' lists of
        # repositories do not wait through the same backoff.
        org_list = "/teams/" not in self.path
        if scenario == "down" and org_list:
            raise json_reply(503, {"message": "Service Unavailable"})
        if scenario == "flood" and org_list:
            raise json_reply(429, {"message": "slow down"})

    def hostile_body(self, scenario):
        big = json.dumps([{"name": "r%d" % i, "node_id": "x" * 40}
                          for i in range(40000)]).encode()
        if scenario == "trickle":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(1000):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.5)
            raise StopRoute()
        if scenario == "huge":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(0, len(big), 65536):
                chunk = big[i:i + 65536]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
            raise StopRoute()
        if scenario == "hugegzip":
            raise Reply(200, gzip.compress(big), {
                "Content-Type": "application/json",
                "Content-Encoding": "gzip"})
        if scenario == "hugelen":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(big)))
            self.end_headers()
            self.wfile.write(big[:1000])
            raise StopRoute()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        """Clients that reject a certificate are expected here."""


def listener(name, context):
    srv = Server(("127.0.0.1", 0), Handler)
    srv.name = name
    if context is not None:
        srv.socket = context.wrap_socket(srv.socket, server_side=True)
    return srv


def stall(state):
    """A listener that accepts connections and never sends a byte."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    held = []

    def serve():
        while True:
            conn, _ = sock.accept()
            state.record({"listener": "stall", "host": None, "path": None,
                          "encoding": None, "auth": None})
            held.append(conn)

    threading.Thread(target=serve, daemon=True).start()
    return sock.getsockname()[1]


def tls(certs, stem):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(certs, stem + ".pem"),
                        os.path.join(certs, stem + ".key"))
    return ctx


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True)
    p.add_argument("--certs", required=True)
    p.add_argument("--ready", required=True)
    p.add_argument("--log", required=True)
    args = p.parse_args()
    state = State(args)
    Handler.state = state
    servers = {
        "main": listener("main", tls(args.certs, "server")),
        "alt": listener("alt", tls(args.certs, "server")),
        "badca": listener("badca", tls(args.certs, "badca")),
        "badname": listener("badname", tls(args.certs, "badname")),
        "plain": listener("plain", None),
        "proxy": listener("proxy", None),
    }
    for name, srv in servers.items():
        state.ports[name] = srv.server_address[1]
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    state.ports["stall"] = stall(state)
    tmp = args.ready + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(state.ports, f)
    os.rename(tmp, args.ready)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
