#!/usr/bin/env python3
"""Reads `docker-compose config` (1.29, v1-style) or `berth compose config` (v2-style) output
and prints one canonical JSON form, so the two can be compared as data.

The documented differences between the two outputs, and how each is normalized:
- 1.29 prints `version:` and no `name:`; v2 prints `name:` and no version: both dropped.
- v2 adds the implicit `default` network (top-level, and `networks: {default: null}` on
  services without networks) and a `name:` on every network and volume (PROJECT_KEY): the
  default network and names equal to PROJECT_KEY are dropped; `{}` and null are the same.
- 1.29 keeps `command`/`entrypoint` strings and healthcheck `test` strings as written; v2
  splits commands into lists and makes a test string ["CMD-SHELL", s]: both become lists.
- 1.29 prints short-form ports and volumes where they were short ("127.0.0.1:9000:9000/udp",
  "data:/data:rw"), v2 always the long form: both become tuples.
- v2 fills in defaults 1.29 leaves out: build.dockerfile "Dockerfile", depends_on
  `required: true`, port `mode: ingress` and `protocol: tcp`, `bind: {}`/`volume: {}`.
- Durations: 1.29 keeps them as written ("90s"), v2 prints Go's form ("1m30s"): seconds.
- Sizes: 1.29 keeps "256M", v2 prints bytes as a string: bytes. cpus: a float.
- Both print each $ as $$ (so that the output reads back as the same model): $$ becomes $
  on both sides before the other normalizations (a command is split after it).
- 1.29 lists services disabled by profiles too: the cases enable every profile they use.
- Both fold env_file into environment; v2 also keeps the env_file list, 1.29 drops it:
  dropped (the environments are compared).
- A disabled healthcheck: 1.29 prints test: [NONE], v2 disable: true: the latter.
- extra_hosts: 1.29 keeps "host:ip" as written, v2 (compose-go's HostsList) prints "host=ip",
  sorted: both become sorted "host=ip".
"""
import json
import re
import shlex
import sys

import yaml

UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}
DURATION = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}


def seconds(value):
    if isinstance(value, (int, float)):
        return float(value)
    total = 0.0
    for number, unit in re.findall(r"([0-9.]+)([a-z]+)", str(value)):
        total += float(number) * DURATION[unit]
    return total


def size(value):
    m = re.fullmatch(r"([0-9.]+)\s*([kmgt]?)(i?b)?", str(value).lower())
    return int(float(m.group(1)) * UNITS[m.group(2)])


def unescape(value):
    if isinstance(value, str):
        return value.replace("$$", "$")
    if isinstance(value, list):
        return [unescape(v) for v in value]
    if isinstance(value, dict):
        return {k: unescape(v) for k, v in value.items()}
    return value


def command(value):
    return shlex.split(value) if isinstance(value, str) else value


def port(p):
    if isinstance(p, dict):
        return [p.get("host_ip", ""), str(p.get("published", "")), int(p["target"]),
                p.get("protocol", "tcp")]
    spec, _, protocol = str(p).partition("/")
    parts = spec.rsplit(":", 2)
    host_ip, published, target = ([""] * (3 - len(parts)) + parts)
    return [host_ip, published, int(target), protocol or "tcp"]


def volume(v):
    if isinstance(v, dict):
        return [v["type"], v.get("source", ""), v["target"], bool(v.get("read_only", False))]
    parts = v.split(":")
    if len(parts) == 1:
        return ["volume", "", parts[0], False]
    kind = "bind" if parts[0].startswith(("/", ".", "~")) else "volume"
    return [kind, parts[0], parts[1], len(parts) > 2 and "ro" in parts[2].split(",")]


def extra_host(h):
    sep = "=" if "=" in h else ":"
    host, _, ip = h.partition(sep)
    return f"{host}={ip}"


def service(s, project):
    s = dict(s)
    for key in ("command", "entrypoint"):
        if key in s:
            s[key] = command(s[key])
    if s.get("networks") in ({"default": None}, {}):
        del s["networks"]
    elif "networks" in s:
        s["networks"] = {k: (v or None) for k, v in s["networks"].items()}
    if "build" in s:
        b = dict(s["build"])
        if b.get("dockerfile") == "Dockerfile":
            del b["dockerfile"]
        s["build"] = b
    if "depends_on" in s:
        s["depends_on"] = {k: {"condition": v.get("condition", "service_started")}
                           for k, v in s["depends_on"].items()}
    s.pop("env_file", None)
    if "healthcheck" in s:
        h = dict(s["healthcheck"])
        if h.get("test") == ["NONE"]:
            del h["test"]
            h["disable"] = True
        if isinstance(h.get("test"), str):
            h["test"] = ["CMD-SHELL", h["test"]]
        for key in ("interval", "timeout", "start_period"):
            if key in h:
                h[key] = seconds(h[key])
        s["healthcheck"] = h
    if "stop_grace_period" in s:
        s["stop_grace_period"] = seconds(s["stop_grace_period"])
    if "ports" in s:
        s["ports"] = [port(p) for p in s["ports"]]
    if "volumes" in s:
        s["volumes"] = [volume(v) for v in s["volumes"]]
    if "expose" in s:
        s["expose"] = [str(e) for e in s["expose"]]
    if "extra_hosts" in s:
        s["extra_hosts"] = sorted(extra_host(h) for h in s["extra_hosts"])
    if "environment" in s:
        s["environment"] = {k: (None if v is None else str(v)) for k, v in s["environment"].items()}
    limits = s.get("deploy", {}).get("resources", {}).get("limits")
    if limits:
        if "memory" in limits:
            limits["memory"] = size(limits["memory"])
        if "cpus" in limits:
            limits["cpus"] = float(limits["cpus"])
    if "secrets" in s:
        s["secrets"] = [x if isinstance(x, str) else x["source"] if set(x) == {"source"} else x
                        for x in s["secrets"]]
    return s


def resources(objects, project):
    out = {}
    for key, value in (objects or {}).items():
        value = dict(value or {})
        if value.get("name") == f"{project}_{key}":
            del value["name"]
        out[key] = value
    return out


def main():
    doc = yaml.safe_load(open(sys.argv[1]))
    project = sys.argv[2]
    doc = unescape(doc)
    doc.pop("version", None)
    doc.pop("name", None)
    doc["services"] = {k: service(v, project) for k, v in doc.get("services", {}).items()}
    networks = resources(doc.get("networks"), project)
    if networks.get("default") == {}:
        del networks["default"]
    for kind in ("volumes", "secrets", "configs"):
        doc[kind] = resources(doc.get(kind), project)
    doc["networks"] = networks
    doc = {k: v for k, v in doc.items() if v not in ({}, None)}
    print(json.dumps(doc, indent=2, sort_keys=True))


main()
