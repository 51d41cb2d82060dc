#pragma once
// A COPY/ADD source after resolution: what will be copied, as a flat list of entries. The
// resolver produces it, digest_sources() hashes it for the cache key and copy_into_rootfs()
// writes it, so the cache key covers exactly what is copied.
#include <sys/types.h>
#include <time.h>

#include <cstdint>
#include <string>
#include <vector>

namespace berth::build {

enum class EntryType { kFile, kDirectory, kSymlink };

struct SourceEntry {
  std::string relative;  // below the source: "" is the source itself, else "sub/file.txt"
  EntryType type = EntryType::kFile;
  uint32_t mode = 0644;  // permission bits incl. setuid/setgid/sticky (07777)
  uint64_t size = 0;
  std::string link_target;  // symlinks: stored as is, never followed when copying a tree
  timespec mtime{};
  // Files with more than one link that share (device, inode) are copied as hardlinks.
  uint64_t device = 0;
  uint64_t inode = 0;
  uint64_t links = 1;
};

struct CopySource {
  enum class Origin {
    kContext,   // read from the build context at `path`
    kInline,    // a heredoc: `content`
    kHostFile,  // a file Berth made (a download): read from the absolute host path `path`
  };
  Origin origin = Origin::kContext;
  std::string written;  // the source as the Dockerfile wrote it, for messages
  // kContext: clean context-relative path of the source, symlinks already resolved ("" is the
  // context root). kHostFile: absolute host path.
  std::string path;
  // Where the source lands below a destination directory: its base name; with --parents its
  // path below the pivot; "" for a directory, whose contents are copied.
  std::string dest_name;
  // entries[0] is the source itself (relative ""), then everything below a directory in walk
  // order (parents before children, names sorted), with ignored and --exclude'd paths gone.
  std::vector<SourceEntry> entries;
  // --parents only: the context directories between the pivot and the source, outermost
  // first, `relative` being their path below the destination (their metadata is copied too).
  std::vector<SourceEntry> parent_dirs;
  std::string content;  // kInline
  // COPY --parents: the destination is always a directory.
  bool keep_parents = false;

  bool is_directory() const { return !entries.empty() && entries[0].type == EntryType::kDirectory; }
};

// A heredoc source (`COPY <<EOF /dst`): a 0644 file named `name` holding `content`.
CopySource inline_source(const std::string& name, std::string content);

}  // namespace berth::build
