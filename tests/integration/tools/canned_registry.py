#!/usr/bin/env python3
"""A registry that misbehaves on purpose, for the failures docker-registry cannot be made to
show: answers by repository name under /v2/.

  denied/*      every request: 403 {"errors":[{"code":"DENIED",...}]}
  schema1/*     manifests: a schema 1 manifest (application/vnd.docker...v1+prettyjws)
  oversized/*   a one-layer image whose layer blob is larger than its manifest declares
  huge/*        a manifest declaring a 100 GiB layer (its blobs are unknown)

usage: canned_registry.py PORT
"""
import hashlib
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1])

LAYER = b"\0" * 200000  # the blob served; the manifest says 1000 bytes
CONFIG = json.dumps({
    "architecture": "amd64", "os": "linux",
    "rootfs": {"type": "layers", "diff_ids": ["sha256:" + "0" * 64]},
}).encode()


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


MANIFEST = json.dumps({
    "schemaVersion": 2,
    "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
               "digest": digest(CONFIG), "size": len(CONFIG)},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                "digest": digest(LAYER), "size": 1000}],
}).encode()

HUGE = json.dumps({
    "schemaVersion": 2,
    "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
               "digest": digest(CONFIG), "size": len(CONFIG)},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                "digest": digest(b"huge"), "size": 100 << 30}],
}).encode()

SCHEMA1 = json.dumps({"schemaVersion": 1, "name": "schema1/old", "tag": "v1",
                      "architecture": "amd64", "fsLayers": [], "history": []}).encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Docker-Distribution-API-Version", "registry/2.0")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/v2/":
            return self.answer(200, b"{}")
        if path.startswith("/v2/denied/"):
            return self.answer(403, json.dumps({"errors": [{
                "code": "DENIED", "message": "requested access to the resource is denied"}]}).encode())
        if path.startswith("/v2/schema1/") and "/manifests/" in path:
            return self.answer(200, SCHEMA1,
                               "application/vnd.docker.distribution.manifest.v1+prettyjws")
        if path.startswith("/v2/huge/") and "/manifests/" in path:
            return self.answer(200, HUGE, "application/vnd.oci.image.manifest.v1+json")
        if path.startswith("/v2/huge/") and path.endswith("/blobs/" + digest(CONFIG)):
            return self.answer(200, CONFIG, "application/octet-stream")
        if path.startswith("/v2/huge/") and "/blobs/" in path:
            return self.answer(404, json.dumps({"errors": [{
                "code": "BLOB_UNKNOWN", "message": "blob unknown to registry"}]}).encode())
        if path.startswith("/v2/oversized/"):
            if "/manifests/" in path:
                return self.answer(200, MANIFEST, "application/vnd.oci.image.manifest.v1+json")
            if path.endswith("/blobs/" + digest(CONFIG)):
                return self.answer(200, CONFIG, "application/octet-stream")
            if path.endswith("/blobs/" + digest(LAYER)):
                return self.answer(200, LAYER, "application/octet-stream")
        self.answer(404, json.dumps({"errors": [{"code": "NAME_UNKNOWN",
                                                 "message": "repository name not known to registry"}]}).encode())

    do_HEAD = do_GET


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
