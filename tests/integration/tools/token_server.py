#!/usr/bin/env python3
"""A Docker registry token server for tests (the Bearer flow of Docker Hub, GHCR and
docker-registry's `auth: token`): GET /token?service=S&scope=repository:NAME:pull answers
{"token", "access_token", "refresh_token"} with a JWT signed (RS256, openssl) by KEY, its
certificate CERT in the header's x5c, so that a registry trusting CERT accepts it.

Anonymous requests get pull access to repositories under public/ only; USER:PASSWORD gets
pull and push everywhere; a wrong password is 401. Every request is appended to LOG as one
line "<user or -> <scope>", for the test to check what was asked.

usage: token_server.py PORT KEY CERT ISSUER SERVICE USER:PASSWORD LOG
"""
import base64
import json
import subprocess
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

PORT, KEY, CERT, ISSUER, SERVICE, LOGIN, LOG = sys.argv[1:8]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def cert_der() -> bytes:
    return subprocess.run(["openssl", "x509", "-in", CERT, "-outform", "DER"],
                          check=True, capture_output=True).stdout


def sign(payload: dict) -> str:
    header = {"typ": "JWT", "alg": "RS256", "x5c": [base64.b64encode(cert_der()).decode()]}
    signing_input = (b64url(json.dumps(header).encode()) + "." +
                     b64url(json.dumps(payload).encode())).encode()
    signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", KEY], input=signing_input,
                               check=True, capture_output=True).stdout
    return signing_input.decode() + "." + b64url(signature)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        user = None
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            given = base64.b64decode(auth[6:]).decode()
            if given != LOGIN:
                self.send_response(401)
                self.end_headers()
                return
            user = given.split(":", 1)[0]
        access = []
        for scope in query.get("scope", []):
            kind, name, actions = scope.split(":")
            allowed = ["pull", "push"] if user else (["pull"] if name.startswith("public/") else [])
            access.append({"type": kind, "name": name,
                           "actions": [a for a in actions.split(",") if a in allowed]})
        with open(LOG, "a") as log:
            log.write(f"{user or '-'} {' '.join(query.get('scope', []))}\n")
        now = int(time.time())
        token = sign({"iss": ISSUER, "sub": user or "", "aud": query.get("service", [SERVICE])[0],
                      "exp": now + 300, "nbf": now - 10, "iat": now, "jti": str(uuid.uuid4()),
                      "access": access})
        body = json.dumps({"token": token, "access_token": token,
                           "refresh_token": "not-to-be-used", "expires_in": 300}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


ThreadingHTTPServer(("127.0.0.1", int(PORT)), Handler).serve_forever()
