#pragma once
// A Space repository's history as the Hub's commits API shows it: the commits reachable from a
// revision, newest first, page by page, and the last commit that touched a path. Dates are
// UTC in the Hub's form, "2024-05-01T12:00:00.000Z".
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::spaces {

struct CommitInfo {
  std::string id;
  std::string author;   // the author's name
  std::string date;     // the committer date, "YYYY-MM-DDTHH:MM:SS.000Z"
  std::string title;    // the subject line
  std::string message;  // the body after it ("" when none)
};

// Commits reachable from `commit` (a commit id), newest first: `limit` of them after the first
// `skip`. Throws Error when git fails.
std::vector<CommitInfo> list_commits(const std::filesystem::path& repository,
                                     std::string_view commit, uint64_t skip, size_t limit);

// How many commits are reachable from `commit`.
uint64_t count_commits(const std::filesystem::path& repository, std::string_view commit);

// The newest commit reachable from `commit` that changed `path` (canonical; "" is the whole
// tree), or nullopt when none did.
std::optional<CommitInfo> last_commit_touching(const std::filesystem::path& repository,
                                               std::string_view commit, std::string_view path);

}  // namespace berth::spaces
