#pragma once
// A bare Space repository for tests, filled with the git CLI: each commit() makes a commit
// whose tree holds exactly the files given, on a branch, as a push would.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/fs.hpp"

namespace berth::testing {

class GitTestRepo {
 public:
  // An empty bare repository (default branch main) in a temporary directory.
  GitTestRepo();
  const std::filesystem::path& path() const { return repository_; }

  // Commits `files` (path → content; the tree holds these only) on `branch`, on top of the
  // branch's head when it has one, by `author`. Returns the commit id.
  std::string commit(const std::map<std::string, std::string>& files, std::string_view message,
                     std::string_view branch = "main", std::string_view author = "tester");

  // Runs git in the repository and returns its stdout; throws on failure.
  std::string git(std::vector<std::string> args) const;

 private:
  TempDir dir_;
  std::filesystem::path repository_;
  int commits_ = 0;
};

}  // namespace berth::testing
