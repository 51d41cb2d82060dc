#!/usr/bin/env bash
# A class or struct name is defined once per namespace across src/ (outside anonymous
# namespaces): two files that each define spaces::TreeEntry with different members link without
# a word, the linker keeps one copy of each inline function, and the program corrupts memory
# (the one-definition rule; it happened when two branches were merged).
set -euo pipefail
src=${BERTH_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/src
python3 - "$src" <<'PY'
import collections, os, re, sys

src = sys.argv[1]
definitions = collections.defaultdict(set)
for root, _, files in os.walk(src):
    for name in files:
        if not name.endswith((".cpp", ".hpp")):
            continue
        path = os.path.join(root, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        # What an anonymous namespace holds is the file's own.
        text = re.sub(r"\nnamespace \{\n.*?\n\}  // namespace\n", "\n", text, flags=re.S)
        spaces = re.findall(r"^namespace ([\w:]+) \{", text, re.M)
        namespace = spaces[0] if spaces else ""
        for m in re.finditer(r"^(?:struct|class) (\w+)(?: final)?(?: :[^{;]*)? \{", text, re.M):
            stem = os.path.splitext(os.path.relpath(path, src))[0]
            definitions[(namespace, m.group(1))].add(stem)
clashes = [(key, sorted(stems)) for key, stems in definitions.items() if len(stems) > 1]
if clashes:
    print("types defined in more than one place (rename one, or put it in an anonymous namespace):",
          file=sys.stderr)
    for (namespace, name), stems in sorted(clashes):
        print(f"  {namespace}::{name}: {', '.join(stems)}", file=sys.stderr)
    sys.exit(1)
print(f"ok - {len(definitions)} class and struct names, each defined in one place")
PY
