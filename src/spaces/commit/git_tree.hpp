#pragma once
// Reading a Space's bare repository for the commit API: a commit's whole tree, blobs by id,
// and git with input on its stdin (plumbing that reads paths or index lines). All through
// spaces/git's clean-environment git.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spaces/git/git_command.hpp"

namespace berth::spaces {

struct TreeFile {
  std::string mode;  // "100644", "100755", "120000", "160000"
  std::string type;  // "blob" or "commit" (a submodule)
  std::string object;
  std::optional<std::uint64_t> size;  // blobs only
  std::string path;
};

// Every file of `commit`'s tree, recursively (ls-tree -r -l). Throws Error naming the commit.
std::vector<TreeFile> list_tree(const std::filesystem::path& repository, std::string_view commit);

// The content of each blob in `objects` (one `git cat-file --batch`); a missing one is absent.
std::map<std::string, std::string> read_blobs(const std::filesystem::path& repository,
                                              const std::vector<std::string>& objects);

// The branch HEAD names ("main" for a Space's repository), or nullopt when HEAD is detached.
std::optional<std::string> default_branch(const std::filesystem::path& repository);

// run_git with `input` on git's stdin.
GitResult run_git_with_input(const GitInvocation& invocation, std::string_view input);
// The same, throwing Error "<what>: <git's last line>" on a non-zero exit; returns stdout.
std::string run_git_with_input_checked(const GitInvocation& invocation, std::string_view input,
                                       std::string_view what);

// Whether `text` is a full git object id (40 lowercase hex digits).
bool is_object_id(std::string_view text);

// "--git-dir=<repository>"
std::string git_dir_option(const std::filesystem::path& repository);

}  // namespace berth::spaces
