#include "support/git_test_repo.hpp"

#include "spaces/git/git_command.hpp"
#include "spaces/git/git_repository.hpp"

namespace berth::testing {

GitTestRepo::GitTestRepo() : repository_(dir_.path() / "repo.git") {
  spaces::init_bare_repository(repository_);
}

std::string GitTestRepo::git(std::vector<std::string> args) const {
  args.insert(args.begin(), "--git-dir=" + repository_.string());
  return spaces::run_git_checked({.args = std::move(args)}, "git in the test repository");
}

std::string GitTestRepo::commit(const std::map<std::string, std::string>& files,
                                std::string_view message, std::string_view branch,
                                std::string_view author) {
  TempDir work(dir_.path(), "work-");
  TempDir index(dir_.path(), "index-");
  for (const auto& [path, content] : files) {
    fs::create_directories((work.path() / path).parent_path());
    write_file_replace(work.path() / path, content);
  }
  // Dates one minute apart from a fixed start: the history's order is the commits' order.
  std::string date = std::to_string(1700000000 + 60 * commits_++) + " +0000";
  std::vector<std::string> env = {"GIT_INDEX_FILE=" + (index.path() / "index").string(),
                                  "GIT_AUTHOR_NAME=" + std::string(author),
                                  "GIT_AUTHOR_EMAIL=author@example.com",
                                  "GIT_COMMITTER_NAME=" + std::string(author),
                                  "GIT_COMMITTER_EMAIL=author@example.com",
                                  "GIT_AUTHOR_DATE=" + date,
                                  "GIT_COMMITTER_DATE=" + date};
  std::string git_dir = "--git-dir=" + repository_.string();
  std::string work_tree = "--work-tree=" + work.path().string();
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {git_dir, work_tree});
    return spaces::last_line(
        spaces::run_git_checked({.args = std::move(args), .environment = env}, "test commit"));
  };
  run({"add", "--all", "--force"});
  std::string tree = run({"write-tree"});
  std::vector<std::string> commit_args = {"commit-tree", tree, "-m", std::string(message)};
  std::string ref = "refs/heads/" + std::string(branch);
  if (auto parent = spaces::resolve_ref(repository_, ref)) {
    commit_args.insert(commit_args.end(), {"-p", *parent});
  }
  std::string id = run(commit_args);
  run({"update-ref", ref, id});
  return id;
}

}  // namespace berth::testing
