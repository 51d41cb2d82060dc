#include "spaces/git/git_history.hpp"

#include <fmt/format.h>

#include <charconv>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "spaces/git/git_command.hpp"
#include "spaces/git/git_names.hpp"

namespace berth::spaces {
namespace {

// Fields of a commit separated by NUL; -z ends each commit with another NUL.
constexpr std::string_view kCommitFormat = "--format=%H%x00%an%x00%cd%x00%s%x00%b";
constexpr size_t kCommitFields = 5;

std::string history_git_dir(const fs::path& repository) {
  return "--git-dir=" + repository.string();
}

GitInvocation git_log(const fs::path& repository, std::vector<std::string> options) {
  GitInvocation invocation{
      .args = {history_git_dir(repository), "--literal-pathspecs", "log", "-z",
               std::string(kCommitFormat), "--date=format-local:%Y-%m-%dT%H:%M:%S.000Z"},
      .environment = {"TZ=UTC"}};
  invocation.args.insert(invocation.args.end(), options.begin(), options.end());
  return invocation;
}

std::string trim_newlines(std::string_view text) {
  while (text.ends_with('\n')) text.remove_suffix(1);
  return std::string(text);
}

std::vector<CommitInfo> parse_log(std::string_view out) {
  std::vector<std::string_view> fields;
  while (!out.empty()) {
    size_t nul = out.find('\0');
    fields.push_back(out.substr(0, nul));
    if (nul == std::string_view::npos) break;
    out.remove_prefix(nul + 1);
  }
  if (fields.size() % kCommitFields != 0) {
    throw Error("unexpected git log output (a commit message holding a NUL character?)");
  }
  std::vector<CommitInfo> commits;
  for (size_t i = 0; i < fields.size(); i += kCommitFields) {
    std::string_view id = fields[i];
    if (!is_full_commit_id(id)) throw Error("unexpected git log output: no commit id");
    commits.push_back({.id = std::string(id),
                       .author = std::string(fields[i + 1]),
                       .date = std::string(fields[i + 2]),
                       .title = std::string(fields[i + 3]),
                       .message = trim_newlines(fields[i + 4])});
  }
  return commits;
}

void check_commit_id(std::string_view commit) {
  if (!is_full_commit_id(commit)) {
    throw InvalidArgumentError("expected a commit id, not \"" + std::string(commit.substr(0, 80)) +
                               "\"");
  }
}

}  // namespace

std::vector<CommitInfo> list_commits(const fs::path& repository, std::string_view commit,
                                     uint64_t skip, size_t limit) {
  check_commit_id(commit);
  if (limit == 0) return {};
  std::string out = run_git_checked(
      git_log(repository, {"--skip=" + std::to_string(skip), "--max-count=" + std::to_string(limit),
                           "--end-of-options", std::string(commit)}),
      fmt::format("list the commits of {}", commit));
  return parse_log(out);
}

uint64_t count_commits(const fs::path& repository, std::string_view commit) {
  check_commit_id(commit);
  std::string out =
      last_line(run_git_checked({.args = {history_git_dir(repository), "rev-list", "--count",
                                          "--end-of-options", std::string(commit)}},
                                fmt::format("count the commits of {}", commit)));
  uint64_t count = 0;
  auto [ptr, ec] = std::from_chars(out.data(), out.data() + out.size(), count);
  if (ec != std::errc() || ptr != out.data() + out.size()) {
    throw Error("unexpected git rev-list --count output: " + out);
  }
  return count;
}

std::optional<CommitInfo> last_commit_touching(const fs::path& repository, std::string_view commit,
                                               std::string_view path) {
  check_commit_id(commit);
  std::vector<std::string> options = {"--max-count=1", "--end-of-options", std::string(commit)};
  if (!path.empty()) options.insert(options.end(), {"--", std::string(path)});
  auto commits = parse_log(run_git_checked(git_log(repository, std::move(options)),
                                           fmt::format("find the last commit of {}", path)));
  if (commits.empty()) return std::nullopt;
  return commits.front();
}

}  // namespace berth::spaces
