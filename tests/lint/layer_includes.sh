#!/usr/bin/env bash
# Includes follow the layer order of docs/architecture.md: a file under src/X may include
# only headers of X and of the layers X builds on. An include that points up (runtime/ using
# spaces/, image/ using build/) fails here before it becomes a cycle between libraries.
set -euo pipefail
src=${BERTH_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/src
python3 - "$src" <<'PY'
import os, re, sys

src = sys.argv[1]
# What each layer may use (besides itself); keep in step with docs/architecture.md.
below = {
    "base": set(),
    "store": {"base"},
    "image": {"base", "store"},
    "volume": {"base", "store"},
    "network": {"base", "store"},
    "registry": {"base", "store", "image"},
    "runtime": {"base", "store", "image", "volume", "network"},
    "build": {"base", "store", "image", "volume", "network", "registry", "runtime"},
    "spaces": {"base", "store"},
    # The compose file model; its planner and orchestrator (compose/orchestrator) are over
    # engine/.
    "compose": {"base"},
    "engine": {"base", "store", "image", "volume", "network", "registry", "runtime", "build"},
}
below["spaces/local"] = below["engine"] | {"engine", "spaces"}
below["compose/orchestrator"] = below["engine"] | {"engine", "compose"}
# server/http knows Spaces only by the shape of a Berth token (spaces/token.hpp).
below["server/http"] = {"base", "store", "spaces"}
below["server"] = below["spaces/local"] | {"spaces/local", "server/http"}
below["cli/format"] = {"base"}
below["cli"] = below["server"] | {"server", "cli/format", "compose", "compose/orchestrator"}

# Folders that are libraries of their own inside another layer's folder.
nested = {("spaces", "local"), ("server", "http"), ("cli", "format"), ("compose", "orchestrator")}

def layer(rel):
    parts = rel.split("/")
    return "/".join(parts[:2]) if tuple(parts[:2]) in nested else parts[0]

bad = []
for root, _, files in os.walk(src):
    for name in files:
        if not name.endswith((".cpp", ".hpp")):
            continue
        path = os.path.join(root, name)
        rel = os.path.relpath(path, src)
        mine = layer(rel)
        if mine not in below:
            bad.append(f"{rel}: layer {mine} is not in the layer order")
            continue
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                if not m or not os.path.exists(os.path.join(src, m.group(1))):
                    continue
                theirs = layer(m.group(1))
                if theirs != mine and theirs not in below[mine]:
                    bad.append(f"{rel}:{number}: {mine}/ includes {m.group(1)} ({theirs}/ is not below it)")
if bad:
    print("includes that point up the layer order:", *bad, sep="\n  ", file=sys.stderr)
    sys.exit(1)
print("ok - every include in src/ points down the layer order")
PY
