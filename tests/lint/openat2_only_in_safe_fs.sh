#!/usr/bin/env bash
# Confined path resolution has one home, src/base/safe_fs (issue 14): openat2 is called only
# there, with its EINTR/EAGAIN retries and its errors. A second raw SYS_openat2 (or its
# header) elsewhere would be a second copy of that code to keep safe; call
# openat2_in_root/openat2_beneath/openat2_confined instead.
set -euo pipefail
root=${BERTH_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
pattern='SYS_openat2|__NR_openat2|linux/openat2\.h|struct[[:space:]]+open_how'
if hits=$(grep -rnE "$pattern" "$root/src" "$root/tests/unit" "$root/tests/fuzz" |
          grep -v "^$root/src/base/safe_fs/"); then
  echo "openat2 is called only in src/base/safe_fs (use confined_open.hpp):" >&2
  echo "$hits" >&2
  exit 1
fi
echo "ok - openat2 only in src/base/safe_fs"
