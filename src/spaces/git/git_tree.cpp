#include "spaces/git/git_tree.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <charconv>

#include "base/child_io.hpp"
#include "base/error.hpp"
#include "base/fs.hpp"
#include "spaces/git/git_command.hpp"
#include "spaces/git/git_names.hpp"
#include "spaces/git/git_output_stream.hpp"

namespace berth::spaces {
namespace {

// An ls-tree record: "<mode> <type> <oid> <size>\t<path>"; paths are at most PATH_MAX long.
constexpr size_t kMaxTreeRecord = kMaxRepoPathLength + 128;

std::string tree_git_dir(const fs::path& repository) {
  return "--git-dir=" + repository.string();
}

// One record of `git ls-tree -l -z`, its path prefixed with `prefix`; nullopt for what is no
// file or directory (submodules).
std::optional<TreeEntry> parse_ls_tree_record(std::string_view record, std::string_view prefix) {
  size_t tab = record.find('\t');
  if (tab == std::string_view::npos) throw Error("unexpected ls-tree output from git");
  std::string_view meta = record.substr(0, tab);
  std::string_view name = record.substr(tab + 1);
  size_t s1 = meta.find(' ');
  size_t s2 = meta.find(' ', s1 + 1);
  size_t s3 = meta.find(' ', s2 + 1);
  if (s1 == std::string_view::npos || s2 == std::string_view::npos ||
      s3 == std::string_view::npos) {
    throw Error("unexpected ls-tree output from git");
  }
  std::string_view mode = meta.substr(0, s1);
  std::string_view type = meta.substr(s1 + 1, s2 - s1 - 1);
  std::string_view size_text = meta.substr(s3 + 1);
  while (size_text.starts_with(' ')) size_text.remove_prefix(1);
  TreeEntry entry;
  if (type == "tree") {
    entry.type = TreeEntry::Type::kDirectory;
  } else if (type == "blob") {
    entry.type = TreeEntry::Type::kFile;
    entry.is_symlink = mode == "120000";
    auto [ptr, ec] =
        std::from_chars(size_text.data(), size_text.data() + size_text.size(), entry.size);
    if (ec != std::errc() || ptr != size_text.data() + size_text.size()) {
      throw Error("unexpected blob size in git's ls-tree output");
    }
  } else {
    return std::nullopt;
  }
  entry.oid = std::string(meta.substr(s2 + 1, s3 - s2 - 1));
  entry.path = prefix.empty() ? std::string(name) : fmt::format("{}/{}", prefix, name);
  return entry;
}

std::string root_tree(const fs::path& repository, std::string_view commit) {
  return last_line(run_git_checked({.args = {tree_git_dir(repository), "rev-parse", "--verify",
                                             "--end-of-options", std::string(commit) + "^{tree}"}},
                                   fmt::format("read the tree of {}", commit)));
}

}  // namespace

std::optional<TreeEntry> find_tree_entry(const fs::path& repository, std::string_view commit,
                                         std::string_view path) {
  if (path.empty()) {
    return TreeEntry{
        .type = TreeEntry::Type::kDirectory, .path = "", .oid = root_tree(repository, commit)};
  }
  std::string out = run_git_checked(
      {.args = {tree_git_dir(repository), "--literal-pathspecs", "ls-tree", "-l", "-z",
                "--end-of-options", std::string(commit), "--", std::string(path)}},
      fmt::format("look up {} in {}", path, commit));
  // ls-tree prints the entry named exactly so, or nothing.
  size_t end = out.find('\0');
  if (end == std::string::npos) return std::nullopt;
  auto entry = parse_ls_tree_record(std::string_view(out).substr(0, end), "");
  if (entry && entry->path != path) return std::nullopt;
  return entry;
}

std::vector<TreeEntry> find_tree_entries(const fs::path& repository, std::string_view commit,
                                         const std::vector<std::string>& paths) {
  if (paths.empty()) return {};
  GitInvocation invocation{.args = {tree_git_dir(repository), "--literal-pathspecs", "ls-tree",
                                    "-l", "-z", "--end-of-options", std::string(commit), "--"}};
  invocation.args.insert(invocation.args.end(), paths.begin(), paths.end());
  std::string out = run_git_checked(invocation, fmt::format("look up paths in {}", commit));
  std::vector<TreeEntry> entries;
  std::string_view rest = out;
  while (!rest.empty()) {
    size_t end = rest.find('\0');
    if (auto entry = parse_ls_tree_record(rest.substr(0, end), "")) {
      entries.push_back(std::move(*entry));
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return entries;
}

TreePage list_tree(const fs::path& repository, std::string_view commit,
                   const TreeListing& listing) {
  // The root needs no lookup (one git less): ls-tree lists a commit's own tree.
  std::string tree(commit);
  if (!listing.directory.empty()) {
    auto directory = find_tree_entry(repository, commit, listing.directory);
    if (!directory || !directory->is_directory()) {
      throw NotFoundError(
          fmt::format("no directory \"{}\" in commit {}", listing.directory, commit));
    }
    tree = directory->oid;
  }
  GitInvocation invocation{.args = {tree_git_dir(repository), "ls-tree", "-l", "-z"}};
  if (listing.recursive) invocation.args.insert(invocation.args.end(), {"-r", "-t"});
  invocation.args.insert(invocation.args.end(), {"--end-of-options", tree});
  GitOutputStream git(invocation);
  TreePage page;
  uint64_t seen = 0;
  while (auto record = git.read_record('\0', kMaxTreeRecord)) {
    auto entry = parse_ls_tree_record(*record, listing.directory);
    if (!entry || (listing.files_only && entry->is_directory())) continue;
    if (seen++ < listing.offset) continue;
    if (page.entries.size() == listing.limit) {
      page.more = true;
      return page;  // git is killed: the rest of a huge listing is never read
    }
    page.entries.push_back(std::move(*entry));
  }
  if (int status = git.finish(); status != 0) {
    throw Error(fmt::format("list {} in {}: {}", listing.directory, commit, git.error_line()));
  }
  return page;
}

namespace {

// A raw tree object holding a directory's listing is read whole: this bounds it.
constexpr uint64_t kMaxTreeObject = 16 * 1024 * 1024;

// The mode of `name` in a raw tree object ("<mode> <name>\0<20-byte id>" per entry); "" when
// it has no such entry.
std::string mode_in_tree(std::string_view tree, std::string_view name) {
  while (!tree.empty()) {
    const auto space = tree.find(' ');
    const auto nul = tree.find('\0', space);
    if (space == std::string_view::npos || nul == std::string_view::npos || tree.size() < nul + 21)
      throw Error("unexpected tree object from git");
    if (tree.substr(space + 1, nul - space - 1) == name) return std::string(tree.substr(0, space));
    tree.remove_prefix(nul + 21);
  }
  return "";
}

// "<oid> <type> <size>" of a cat-file --batch header; nullopt for "<name> missing".
struct ObjectHeader {
  std::string oid;
  std::string type;
  uint64_t size = 0;
};
std::optional<ObjectHeader> parse_object_header(std::string_view line) {
  if (line.ends_with(" missing") || line.ends_with(" ambiguous")) return std::nullopt;
  const auto s1 = line.find(' ');
  const auto s2 = line.find(' ', s1 + 1);
  ObjectHeader header;
  if (s1 == std::string_view::npos || s2 == std::string_view::npos ||
      std::from_chars(line.data() + s2 + 1, line.data() + line.size(), header.size).ec !=
          std::errc()) {
    throw Error("unexpected cat-file output: " + std::string(line.substr(0, 100)));
  }
  header.oid = std::string(line.substr(0, s1));
  header.type = std::string(line.substr(s1 + 1, s2 - s1 - 1));
  return header;
}

}  // namespace

std::optional<FileAtCommit> read_tree_file(const fs::path& repository, std::string_view commit,
                                           std::string_view path, uint64_t max_content) {
  const auto slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  // The lines are object names, never options; a canonical path has no newline.
  const std::string parent = slash == std::string_view::npos
                                 ? std::string(commit) + "^{tree}"
                                 : std::string(commit) + ":" + std::string(path.substr(0, slash));
  const std::string input = parent + "\n" + std::string(commit) + ":" + std::string(path) + "\n";
  UniqueFd stdin_file = make_memfd("berth-git-in");
  write_all(stdin_file.get(), input.data(), input.size(), "git's input");
  if (::lseek(stdin_file.get(), 0, SEEK_SET) != 0) throw Error("rewinding git's input failed");
  GitOutputStream git({.args = {tree_git_dir(repository), "cat-file", "--batch"}},
                      stdin_file.get());
  auto read_header = [&] {
    auto line = git.read_record('\n', 256);
    if (!line) throw Error("git cat-file ended early: " + git.error_line());
    return parse_object_header(*line);
  };
  // Returning before git is done kills it: the rest (a huge file) is never read.
  auto tree = read_header();
  if (!tree || tree->type != "tree") return std::nullopt;
  if (tree->size > kMaxTreeObject) {
    throw Error(
        fmt::format("the directory of {} is too large to read ({} bytes)", path, tree->size));
  }
  std::string listing = git.read_exactly(tree->size + 1);
  listing.pop_back();
  const std::string mode = mode_in_tree(listing, name);
  auto object = read_header();
  if (mode.empty() || !object || mode == "160000") return std::nullopt;
  FileAtCommit file;
  file.entry.path = std::string(path);
  file.entry.oid = object->oid;
  if (object->type == "tree") {
    file.entry.type = TreeEntry::Type::kDirectory;
    return file;
  }
  file.entry.size = object->size;
  file.entry.is_symlink = mode == "120000";
  if (!file.entry.is_symlink && object->size <= max_content) {
    file.content = git.read_exactly(object->size + 1);
    file.content->pop_back();
    if (int status = git.finish(); status != 0) {
      throw Error("read " + std::string(path) + " in " + repository.string() + ": " +
                  git.error_line());
    }
  }
  return file;
}

void read_lfs_pointers(const fs::path& repository, std::vector<TreeEntry>& entries) {
  std::vector<TreeEntry*> candidates;
  std::string input;
  for (auto& entry : entries) {
    if (entry.is_directory() || entry.is_symlink || entry.size >= kMaxLfsPointerSize) continue;
    candidates.push_back(&entry);
    input += entry.oid + "\n";
  }
  if (candidates.empty()) return;
  UniqueFd stdin_file = make_memfd("berth-git-in");
  write_all(stdin_file.get(), input.data(), input.size(), "git's input");
  if (::lseek(stdin_file.get(), 0, SEEK_SET) != 0) throw Error("rewinding git's input failed");
  GitOutputStream git({.args = {tree_git_dir(repository), "cat-file", "--batch"}},
                      stdin_file.get());
  for (TreeEntry* entry : candidates) {
    // "<oid> blob <size>\n<content>\n" per object.
    auto header = git.read_record('\n', 256);
    if (!header) throw Error("git cat-file ended early");
    std::string expected = entry->oid + " blob " + std::to_string(entry->size);
    if (*header != expected) throw Error("unexpected cat-file output: " + header->substr(0, 100));
    std::string content = git.read_exactly(entry->size + 1);
    content.pop_back();
    entry->lfs = parse_lfs_pointer(content);
  }
  if (int status = git.finish(); status != 0) {
    throw Error("read LFS pointers in " + repository.string() + ": " + git.error_line());
  }
}

}  // namespace berth::spaces
