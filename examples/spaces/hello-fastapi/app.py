"""Hello FastAPI: a minimal Docker Space."""

import os
from pathlib import Path

from fastapi import FastAPI

app = FastAPI(title="Hello FastAPI")

# Written at build time by the Dockerfile from the DEMO_SECRET build secret.
FINGERPRINT_FILE = Path(__file__).with_name("secret-fingerprint.txt")


@app.get("/")
def root():
    space = os.environ.get("SPACE_ID", "a Berth Space")
    return {"message": f"Hello from {space}", "greeting": os.environ.get("GREETING")}


@app.get("/secret")
def secret():
    try:
        fingerprint = FINGERPRINT_FILE.read_text().strip()
    except FileNotFoundError:
        fingerprint = None
    # Only a hash and a presence flag: the secret's value never leaves the container.
    return {
        "build_secret_fingerprint": fingerprint,
        "runtime_secret_present": "DEMO_SECRET" in os.environ,
    }


@app.get("/whoami")
def whoami():
    return {"uid": os.getuid()}


@app.get("/health")
def health():
    return {"ok": True}
