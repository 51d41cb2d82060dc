#pragma once
// Reading a commit's tree in a Space repository: one entry by path, a directory's listing
// (page by page, streamed from git so that a huge tree never sits in memory), and which files
// are Git LFS pointers. Paths must be canonical (canonical_repo_path): git sees them only as
// literal pathspecs after "--".
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spaces/git/git_lfs_pointer.hpp"

namespace berth::spaces {

struct TreeEntry {
  enum class Type { kFile, kDirectory };
  Type type = Type::kFile;
  std::string path;   // from the root of the tree, "sub/file.txt"
  std::string oid;    // the blob's or the tree's id
  uint64_t size = 0;  // the blob's size (the pointer's, for an LFS file); 0 for a directory
  bool is_symlink = false;
  std::optional<LfsPointer> lfs;  // set by read_lfs_pointers for LFS pointer files

  bool is_directory() const { return type == Type::kDirectory; }
};

// The entry at `path` in `commit`'s tree ("" is the root: a directory whose oid is the root
// tree's), or nullopt when there is none. Submodules are no entries. Throws Error when git
// fails (an unknown commit).
std::optional<TreeEntry> find_tree_entry(const std::filesystem::path& repository,
                                         std::string_view commit, std::string_view path);

// The entries at `paths` (canonical, not empty) in `commit`, in git's order, with one git;
// paths with no entry are left out.
std::vector<TreeEntry> find_tree_entries(const std::filesystem::path& repository,
                                         std::string_view commit,
                                         const std::vector<std::string>& paths);

struct TreeListing {
  std::string_view directory;  // "" for the root
  bool recursive = false;      // everything below, each directory before what it holds
  bool files_only = false;     // leave the directories out (siblings, list_repo_files)
  uint64_t offset = 0;         // entries to skip (the page's start)
  size_t limit = 1000;         // entries to return at most
};

struct TreePage {
  std::vector<TreeEntry> entries;
  bool more = false;  // entries follow the page
};

// A page of the listing of `listing.directory` in `commit`, in git's order (by name). Throws
// NotFoundError when the directory does not exist or is a file.
TreePage list_tree(const std::filesystem::path& repository, std::string_view commit,
                   const TreeListing& listing);

struct FileAtCommit {
  TreeEntry entry;
  // The file's bytes, when it is a regular file (no link) of at most the size asked for.
  std::optional<std::string> content;
};

// The entry at `path` (canonical, not empty) in `commit` and, for a regular file of at most
// `max_content` bytes, its content: with one git (`cat-file --batch` on the parent tree, for
// the entry's mode, and on the object), where find_tree_entry and stream_blob take two.
// nullopt when there is no such entry (submodules are none). Throws Error when git fails or
// the parent directory's listing is over 16 MiB.
std::optional<FileAtCommit> read_tree_file(const std::filesystem::path& repository,
                                           std::string_view commit, std::string_view path,
                                           uint64_t max_content);

// Sets `lfs` on the files among `entries` that are LFS pointers (only blobs smaller than
// kMaxLfsPointerSize are read, all in one `git cat-file --batch`).
void read_lfs_pointers(const std::filesystem::path& repository, std::vector<TreeEntry>& entries);

}  // namespace berth::spaces
