// Applies every layer of tests/data/hostile (made by make_corpus.py): each must fail with its
// exact error, or be contained inside dest, and nothing may appear outside dest either way.
#include <fcntl.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/unique_fd.hpp"
#include "image/layer/apply_layer.hpp"

namespace berth::image {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(BERTH_TEST_DATA) / "hostile";
constexpr const char* kProbe = "berth-hostile-probe";

std::vector<std::pair<std::string, std::string>> read_tsv(const fs::path& path) {
  std::vector<std::pair<std::string, std::string>> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    rows.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  return rows;
}

std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

class HostileCorpus : public ::testing::TestWithParam<bool> {
 protected:
  // Applies one corpus file in a fresh sandbox: sandbox/parent/{dest,sentinel}. Returns the
  // error message ("" on success) and checks that nothing escaped.
  std::string apply(const std::string& file,
                    const std::function<void(const fs::path&)>& check = {}) {
    SCOPED_TRACE(file);
    TempDir sandbox(tmp_.path(), "case-");
    fs::path parent = sandbox.path() / "parent";
    fs::path dest = parent / "dest";
    fs::path sentinel = parent / "sentinel";
    fs::create_directories(dest);
    fs::create_directories(sentinel);
    auto before = listing(sandbox.path());

    ApplyOptions options;
    options.privileged = GetParam() && ::geteuid() == 0;
    UniqueFd fd(::open((kCorpus / file).c_str(), O_RDONLY | O_CLOEXEC));
    EXPECT_TRUE(fd.valid()) << "missing corpus file " << file;
    std::string error;
    try {
      apply_layer(fd.get(), dest, options);
    } catch (const Error& e) {
      error = e.what();
    }
    EXPECT_TRUE(fs::is_empty(sentinel)) << file << " wrote into the sentinel";
    EXPECT_EQ(listing(parent), (std::set<std::string>{"dest", "sentinel"})) << file;
    EXPECT_EQ(listing(sandbox.path()), before) << file;
    EXPECT_FALSE(fs::exists(tmp_.path() / kProbe)) << file;
    EXPECT_FALSE(fs::exists(fs::path("/etc") / kProbe)) << file << " wrote into /etc";
    EXPECT_FALSE(fs::exists(fs::path("/") / kProbe)) << file << " wrote into /";
    if (check) check(dest);
    // Read-only directories from a layer must not stop the sandbox's removal.
    for (auto& e : fs::recursive_directory_iterator(dest)) {
      if (e.is_directory() && !e.is_symlink()) ::chmod(e.path().c_str(), 0700);
    }
    return error;
  }

  TempDir tmp_;
};

TEST_P(HostileCorpus, RejectedWithTheExactError) {
  auto rows = read_tsv(kCorpus / "expected.tsv");
  ASSERT_GE(rows.size(), 20u) << "corpus missing: run tests/data/hostile/make_corpus.py";
  for (const auto& [file, message] : rows) {
    std::string error = apply(file);
    EXPECT_NE(error.find(message), std::string::npos)
        << file << ": expected error containing\n  " << message << "\ngot\n  "
        << (error.empty() ? "(no error)" : error);
  }
}

TEST_P(HostileCorpus, ContainedInsideDest) {
  auto rows = read_tsv(kCorpus / "contained.tsv");
  ASSERT_GE(rows.size(), 3u);
  for (const auto& [file, path] : rows) {
    std::string error = apply(file, [&, path = path](const fs::path& dest) {
      EXPECT_TRUE(fs::exists(fs::symlink_status(dest / path))) << file << ": " << path;
      EXPECT_FALSE(fs::is_symlink(dest / path)) << file << ": " << path;
    });
    EXPECT_EQ(error, "") << file;
  }
}

INSTANTIATE_TEST_SUITE_P(Privilege, HostileCorpus, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "AsCaller" : "Rootless"; });

}  // namespace
}  // namespace berth::image
