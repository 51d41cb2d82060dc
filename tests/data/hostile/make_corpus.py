#!/usr/bin/env python3
"""Generates the hostile layer corpus: one small .tar per attack, plus
expected.tsv (file <TAB> exact substring of the error apply_layer must raise),
contained.tsv (file <TAB> path that must exist inside dest: accepted but contained), and
archive_expected.tsv (file <TAB> policy <TAB> error|file|link <TAB> message or path): what the
archive policies (build_context, add: the destination is "/" for symlinks, as in Docker's
chroot'ed untar) do with the same tars.

Escapes aim at "../sentinel" (a sibling of dest the test watches) or at a probe name that
exists nowhere, so even a broken engine running as root cannot damage the host.
Run from anywhere: python3 make_corpus.py  (output is deterministic)."""
import io
import os
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
PROBE = "berth-hostile-probe"
MTIME = 1700000000


def info(name, type_=tarfile.REGTYPE, data=b"", linkname="", mode=0o644, size=None):
    ti = tarfile.TarInfo(name)
    ti.type = type_
    ti.mode = mode
    ti.mtime = MTIME
    ti.uid = ti.gid = 0
    ti.uname = ti.gname = ""
    ti.linkname = linkname
    ti.size = len(data) if size is None else size
    return ti, data


def reg(name, data=b"x"):
    return info(name, data=data)


def dirent(name):
    return info(name, tarfile.DIRTYPE, mode=0o755)


def sym(name, target):
    return info(name, tarfile.SYMTYPE, linkname=target, mode=0o777)


def link(name, target):
    return info(name, tarfile.LNKTYPE, linkname=target)


def build(entries):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for ti, data in entries:
            tf.addfile(ti, io.BytesIO(data) if ti.isreg() else None)
    return buf.getvalue()


def header_only(ti):
    # A header whose size field claims more data than follows (tarfile would insist on it).
    return ti.tobuf(tarfile.GNU_FORMAT) + b"\0" * 1024


REJECTED = []   # (file, bytes, expected message substring)
CONTAINED = []  # (file, bytes, path that must exist in dest)


def reject(name, data, message):
    REJECTED.append((name, data, message))


def contain(name, data, path):
    CONTAINED.append((name, data, path))


reject("dotdot.tar", build([reg("../" + PROBE)]),
       f'layer entry "../{PROBE}": path escapes the layer root')
reject("dotdot_nested.tar", build([dirent("a"), reg(f"a/../../sentinel/{PROBE}")]),
       f'layer entry "a/../../sentinel/{PROBE}": path escapes the layer root')
reject("absolute_dotdot.tar", build([reg(f"/../{PROBE}")]),
       f'layer entry "/../{PROBE}": path escapes the layer root')
reject("symlink_absolute_write.tar", build([sym("evil", "/etc"), reg(f"evil/{PROBE}")]),
       f'layer entry "evil/{PROBE}": path escapes the layer root through a symlink')
reject("symlink_relative_write.tar", build([sym("evil", "../sentinel"), reg(f"evil/{PROBE}")]),
       f'layer entry "evil/{PROBE}": path escapes the layer root through a symlink')
reject("symlink_climb_write.tar", build([sym("evil", "../../.."), reg(f"evil/{PROBE}")]),
       f'layer entry "evil/{PROBE}": path escapes the layer root through a symlink')
reject("symlink_chain_write.tar",
       build([dirent("d"), sym("d/up", ".."), sym("hop", "d/up/../sentinel"), reg(f"hop/{PROBE}")]),
       f'layer entry "hop/{PROBE}": path escapes the layer root through a symlink')
reject("symlink_dir_create.tar", build([sym("evil", "../sentinel"), dirent("evil/sub")]),
       'layer entry "evil/sub/": path escapes the layer root through a symlink')
reject("symlink_symlink_create.tar", build([sym("evil", "../sentinel"), sym("evil/s", "/")]),
       'layer entry "evil/s": path escapes the layer root through a symlink')
reject("symlink_missing_parent.tar",
       build([sym("evil", "../sentinel"), reg(f"evil/new/{PROBE}")]),
       f'layer entry "evil/new/{PROBE}": path escapes the layer root through a symlink')
# The engine caches parent directory fds: replacing a cached directory by an escaping symlink
# must not let a later entry write through the stale fd or the new link.
reject("symlink_replaces_cached_dir.tar",
       build([dirent("d"), reg("d/f"), sym("d", "../sentinel"), reg(f"d/{PROBE}")]),
       f'layer entry "d/{PROBE}": path escapes the layer root through a symlink')
reject("hardlink_dotdot.tar", build([link("x", "../sentinel/" + PROBE)]),
       f'layer entry "x": hardlink target "../sentinel/{PROBE}" escapes the layer root')
reject("hardlink_absolute.tar", build([link("x", "/etc/passwd")]),
       'layer entry "x": hardlink target "/etc/passwd" does not exist')
reject("hardlink_through_symlink.tar",
       build([sym("evil", "/etc"), link("x", "evil/passwd")]),
       'layer entry "x": hardlink target "evil/passwd" escapes the layer root')
reject("hardlink_through_relative_symlink.tar",
       build([sym("evil", "../sentinel"), link("x", "evil/" + PROBE)]),
       f'layer entry "x": hardlink target "evil/{PROBE}" escapes the layer root')
reject("hardlink_missing.tar", build([link("x", "nothere")]),
       'layer entry "x": hardlink target "nothere" does not exist')
reject("hardlink_into_symlink_dir.tar",
       build([sym("evil", "../sentinel"), reg("f"), link(f"evil/{PROBE}", "f")]),
       f'layer entry "evil/{PROBE}": path escapes the layer root through a symlink')
reject("whiteout_dotdot.tar", build([reg("../.wh." + PROBE, b"")]),
       f'layer entry "../.wh.{PROBE}": path escapes the layer root')
reject("whiteout_through_symlink.tar",
       build([sym("evil", "/etc"), reg("evil/.wh.passwd", b"")]),
       'layer entry "evil/.wh.passwd": path escapes the layer root through a symlink')
reject("whiteout_relative_symlink.tar",
       build([sym("evil", "../sentinel"), reg(f"evil/.wh.{PROBE}", b"")]),
       f'layer entry "evil/.wh.{PROBE}": path escapes the layer root through a symlink')
reject("opaque_through_symlink.tar",
       build([sym("evil", "../sentinel"), reg("evil/.wh..wh..opq", b"")]),
       'layer entry "evil/.wh..wh..opq": path escapes the layer root through a symlink')
reject("whiteout_dot.tar", build([reg(".wh..", b"")]),
       'layer entry ".wh..": invalid whiteout name')
reject("huge_entry.tar", header_only(info("huge", size=100 << 30)[0]),
       'layer entry "huge": size 107374182400 exceeds the per-entry limit of 68719476736 bytes')
reject("parent_is_file.tar", build([reg("f"), reg("f/x")]),
       'layer entry "f/x": parent "f" is not a directory')
reject("root_replaced.tar", build([sym(".", "../sentinel")]),
       'layer entry ".": entry replaces the layer root')

full = build([reg("a", b"a" * 100), reg("big", b"b" * 5000)])
reject("truncated.tar", full[:512 * 4 + 700],
       'layer entry "big": corrupt tar: Truncated tar archive')
damaged = bytearray(build([reg("a", b"a"), reg("b", b"b")]))
second = damaged.index(b"b\0", 1024)  # second member's header (after a's PAX-free header+data)
damaged[second + 148:second + 156] = b"0000000\0"  # wrong checksum
reject("bad_checksum.tar", bytes(damaged), 'layer entry after "a": corrupt tar: Damaged tar archive')

contain("absolute.tar", build([reg(f"/etc/{PROBE}", b"contained")]), f"etc/{PROBE}")
contain("inner_dotdot.tar", build([dirent("a"), reg("a/b/../c")]), "a/c")
contain("symlink_replaced_by_file.tar", build([sym("evil", "../sentinel"), reg("evil")]), "evil")
contain("symlink_target_not_followed.tar",
        build([sym("evil", f"../sentinel/{PROBE}"), reg("evil", b"replaced")]), "evil")
contain("dotdot_within.tar", build([dirent("a"), dirent("b"), reg("a/../b/x")]), "b/x")


# The archive policies (image/layer/tar_policy.hpp): symlinks resolve inside dest as if it were
# "/", so most symlink escapes of a layer are writes contained in dest; ".." and hardlinks out
# are still refused.
ARCHIVE = []  # (file, policy, kind, value)


def archive(name, kind, value, policy=None):
    for p in ([policy] if policy else ["build_context", "add"]):
        ARCHIVE.append((name, p, kind, value))


def aerr(name, entry, message, policy=None):
    archive(name, "error", f'archive entry "{entry}": {message}', policy)


aerr("dotdot.tar", f"../{PROBE}", "path escapes the destination")
aerr("dotdot_nested.tar", f"a/../../sentinel/{PROBE}", "path escapes the destination")
aerr("absolute_dotdot.tar", f"/../{PROBE}", "absolute path not allowed", "build_context")
aerr("absolute_dotdot.tar", f"/../{PROBE}", "path escapes the destination", "add")
archive("symlink_absolute_write.tar", "file", f"etc/{PROBE}")
archive("symlink_relative_write.tar", "file", f"sentinel/{PROBE}")
archive("symlink_climb_write.tar", "file", PROBE)
# mkdir_all cleans a dangling link's target lexically ("d/up/../sentinel" -> "d/sentinel"),
# where the kernel follows d/up first: the parent is not made, and the entry fails, contained.
aerr("symlink_chain_write.tar", f"hop/{PROBE}", 'parent directory "hop" does not exist')
archive("symlink_dir_create.tar", "file", "sentinel/sub")
archive("symlink_symlink_create.tar", "link", "sentinel/s")
archive("symlink_missing_parent.tar", "file", f"sentinel/new/{PROBE}")
archive("symlink_replaces_cached_dir.tar", "file", f"sentinel/{PROBE}")
aerr("hardlink_dotdot.tar", "x", f'hardlink target "../sentinel/{PROBE}" escapes the destination')
aerr("hardlink_absolute.tar", "x", 'hardlink target "/etc/passwd" escapes the destination',
     "build_context")
aerr("hardlink_absolute.tar", "x", 'hardlink target "/etc/passwd" does not exist', "add")
aerr("hardlink_through_symlink.tar", "x", 'hardlink target "evil/passwd" does not exist')
aerr("hardlink_through_relative_symlink.tar", "x",
     f'hardlink target "evil/{PROBE}" does not exist')
aerr("hardlink_missing.tar", "x", 'hardlink target "nothere" does not exist')
archive("hardlink_into_symlink_dir.tar", "file", f"sentinel/{PROBE}")
aerr("whiteout_dotdot.tar", f"../.wh.{PROBE}", "path escapes the destination")
archive("whiteout_through_symlink.tar", "file", "etc/.wh.passwd")
archive("whiteout_relative_symlink.tar", "file", f"sentinel/.wh.{PROBE}")
archive("opaque_through_symlink.tar", "file", "sentinel/.wh..wh..opq")
archive("whiteout_dot.tar", "file", ".wh..")
aerr("huge_entry.tar", "huge",
     "size 107374182400 exceeds the per-entry limit of 34359738368 bytes")
aerr("parent_is_file.tar", "f/x", 'parent "f" is not a directory')
aerr("root_replaced.tar", ".", "entry replaces the destination")
aerr("truncated.tar", "big", "corrupt archive: Truncated tar archive")
archive("bad_checksum.tar", "error", 'archive entry after "a": corrupt archive: Damaged tar archive')
aerr("absolute.tar", f"/etc/{PROBE}", "absolute path not allowed", "build_context")
archive("absolute.tar", "file", f"etc/{PROBE}", "add")
archive("inner_dotdot.tar", "file", "a/c")
archive("symlink_replaced_by_file.tar", "file", "evil")
archive("symlink_target_not_followed.tar", "file", "evil")
archive("dotdot_within.tar", "file", "b/x")


def main():
    for name in os.listdir(HERE):
        if name.endswith(".tar"):
            os.unlink(os.path.join(HERE, name))
    for name, data, _ in REJECTED + CONTAINED:
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
    with open(os.path.join(HERE, "expected.tsv"), "w") as f:
        for name, _, message in REJECTED:
            f.write(f"{name}\t{message}\n")
    with open(os.path.join(HERE, "contained.tsv"), "w") as f:
        for name, _, path in CONTAINED:
            f.write(f"{name}\t{path}\n")
    with open(os.path.join(HERE, "archive_expected.tsv"), "w") as f:
        for row in ARCHIVE:
            f.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
