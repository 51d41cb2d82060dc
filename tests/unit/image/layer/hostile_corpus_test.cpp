// Runs every tar of tests/data/hostile (made by make_corpus.py) through every TarPolicy: each
// must fail with its exact error or be contained inside dest as the policy says
// (expected.tsv and contained.tsv for layers, archive_expected.tsv for build contexts and
// ADD), and nothing may appear outside dest either way.
#include <fcntl.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/unique_fd.hpp"
#include "image/layer/apply_layer.hpp"
#include "image/layer/unpack_tar.hpp"

namespace berth::image {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(BERTH_TEST_DATA) / "hostile";
constexpr const char* kProbe = "berth-hostile-probe";

enum class Policy { kLayerAsCaller, kLayerRootless, kBuildContext, kAddArchive };

std::string policy_name(Policy p) {
  switch (p) {
    case Policy::kLayerAsCaller:
      return "LayerAsCaller";
    case Policy::kLayerRootless:
      return "LayerRootless";
    case Policy::kBuildContext:
      return "BuildContext";
    case Policy::kAddArchive:
      return "AddArchive";
  }
  return "?";
}

// What one corpus file must do under one policy.
struct Outcome {
  std::string file;
  std::string kind;   // "error" (value: the error's exact substring), "file" or "link"
  std::string value;  // for "file"/"link": the path that must exist in dest, of that kind
};

std::vector<std::vector<std::string>> read_tsv(const fs::path& path) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream s(line);
    for (std::string f; std::getline(s, f, '\t');) fields.push_back(f);
    if (fields.size() >= 2) rows.push_back(std::move(fields));
  }
  return rows;
}

std::vector<Outcome> outcomes(Policy policy) {
  std::vector<Outcome> out;
  if (policy == Policy::kLayerAsCaller || policy == Policy::kLayerRootless) {
    for (auto& row : read_tsv(kCorpus / "expected.tsv")) out.push_back({row[0], "error", row[1]});
    for (auto& row : read_tsv(kCorpus / "contained.tsv")) out.push_back({row[0], "file", row[1]});
    return out;
  }
  std::string column = policy == Policy::kBuildContext ? "build_context" : "add";
  for (auto& row : read_tsv(kCorpus / "archive_expected.tsv")) {
    if (row.size() == 4 && row[1] == column) out.push_back({row[0], row[2], row[3]});
  }
  return out;
}

std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

class HostileCorpus : public ::testing::TestWithParam<Policy> {
 protected:
  // Unpacks `file` into sandbox/parent/dest beside sandbox/parent/sentinel; the error ("" on
  // success).
  std::string unpack(const std::string& file, const fs::path& dest) {
    bool root = ::geteuid() == 0;
    UniqueFd fd(::open((kCorpus / file).c_str(), O_RDONLY | O_CLOEXEC));
    EXPECT_TRUE(fd.valid()) << "missing corpus file " << file;
    try {
      if (GetParam() == Policy::kLayerAsCaller || GetParam() == Policy::kLayerRootless) {
        ApplyOptions options;
        options.privileged = GetParam() == Policy::kLayerAsCaller && root;
        apply_layer(fd.get(), dest, options);
      } else {
        UniqueFd dest_fd(::open(dest.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        TarPolicy policy = GetParam() == Policy::kBuildContext
                               ? TarPolicy::build_context()
                               : TarPolicy::add_archive(root, root ? chown_from_header : nullptr);
        unpack_tar(fd.get(), dest_fd.get(), policy);
      }
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  }

  void check(const Outcome& expected) {
    SCOPED_TRACE(expected.file);
    TempDir sandbox(tmp_.path(), "case-");
    fs::path parent = sandbox.path() / "parent";
    fs::path dest = parent / "dest";
    fs::path sentinel = parent / "sentinel";
    fs::create_directories(dest);
    fs::create_directories(sentinel);
    auto before = listing(sandbox.path());

    std::string error = unpack(expected.file, dest);

    EXPECT_TRUE(fs::is_empty(sentinel)) << "wrote into the sentinel";
    EXPECT_EQ(listing(parent), (std::set<std::string>{"dest", "sentinel"}));
    EXPECT_EQ(listing(sandbox.path()), before);
    EXPECT_FALSE(fs::exists(tmp_.path() / kProbe));
    EXPECT_FALSE(fs::exists(fs::path("/etc") / kProbe)) << "wrote into /etc";
    EXPECT_FALSE(fs::exists(fs::path("/") / kProbe)) << "wrote into /";
    if (expected.kind == "error") {
      EXPECT_NE(error.find(expected.value), std::string::npos)
          << "expected an error containing\n  " << expected.value << "\ngot\n  "
          << (error.empty() ? "(no error)" : error);
    } else {
      EXPECT_EQ(error, "");
      auto status = fs::symlink_status(dest / expected.value);
      EXPECT_TRUE(fs::exists(status)) << expected.value;
      EXPECT_EQ(fs::is_symlink(status), expected.kind == "link") << expected.value;
    }
    // Read-only directories from a tar must not stop the sandbox's removal.
    for (auto& e : fs::recursive_directory_iterator(dest)) {
      if (e.is_directory() && !e.is_symlink()) ::chmod(e.path().c_str(), 0700);
    }
  }

  TempDir tmp_;
};

TEST_P(HostileCorpus, EveryCaseFailsOrIsContainedAsThePolicySays) {
  auto cases = outcomes(GetParam());
  ASSERT_GE(cases.size(), 30u) << "corpus missing: run tests/data/hostile/make_corpus.py";
  std::set<std::string> files;
  for (const auto& c : cases) {
    check(c);
    files.insert(c.file);
  }
  // Every tar of the corpus has an outcome under this policy.
  for (const auto& e : fs::directory_iterator(kCorpus)) {
    if (e.path().extension() == ".tar") {
      EXPECT_TRUE(files.contains(e.path().filename().string())) << e.path().filename();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Policies, HostileCorpus,
                         ::testing::Values(Policy::kLayerAsCaller, Policy::kLayerRootless,
                                           Policy::kBuildContext, Policy::kAddArchive),
                         [](const auto& info) { return policy_name(info.param); });

}  // namespace
}  // namespace berth::image
