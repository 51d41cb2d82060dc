#include "spaces/git/repository_copy.hpp"

#include "base/error.hpp"
#include "spaces/git/git_command.hpp"

namespace berth::spaces {

namespace fs = std::filesystem;

void copy_history(const fs::path& source, const fs::path& destination) {
  // Absolute paths: a relative one starting with '-' would read as an option.
  std::string from = fs::absolute(source).string();
  std::string git_dir = "--git-dir=" + fs::absolute(destination).string();
  std::string what = "copy the history of " + from + " into " + destination.string();
  run_git_checked({.args = {git_dir, "-c", "fetch.fsckObjects=true", "fetch", "--quiet",
                            "--no-tags", "--no-write-fetch-head", "--end-of-options", from,
                            "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"}},
                  what);
  // The default branch as the source has it (main, or master for an older repository).
  GitResult head = run_git({.args = {"--git-dir=" + from, "symbolic-ref", "--quiet", "HEAD"}});
  std::string branch = last_line(head.out);
  if (head.exit_code == 0 && branch.starts_with("refs/heads/")) {
    run_git_checked({.args = {git_dir, "symbolic-ref", "HEAD", branch}}, what);
  }
}

}  // namespace berth::spaces
