#pragma once
// COPY and ADD: sources from the build context, another stage or image (--from), heredocs,
// and for ADD also URLs and git repositories, copied into a step's filesystem as one layer,
// keyed in the cache by the content of what is copied.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/fs.hpp"
#include "build/context/build_context.hpp"
#include "build/context/curl_fetcher.hpp"
#include "build/dockerfile/dockerfile.hpp"
#include "build/executor/build_progress.hpp"
#include "build/executor/git_checkout.hpp"
#include "build/executor/stage_sources.hpp"
#include "build/executor/stage_state.hpp"
#include "build/executor/step_cache.hpp"
#include "image/image_store.hpp"
#include "runtime/rootfs_mounter.hpp"

namespace berth::build {

// What a step that writes a layer works with.
struct StepTools {
  image::ImageStore& images;
  std::filesystem::path scratch;  // where step filesystems are mounted
  runtime::RootfsMounter& mounter;
  StepCache& cache;
  BuildProgress& progress;
};

class CopyStep {
 public:
  // Checks a git repository out (ADD git@…), into a directory of its own.
  using FetchGit = std::function<TempDir(const GitSource& git, bool keep_git_dir)>;

  CopyStep(StepTools tools, const BuildContext& context, const Dockerfile& dockerfile,
           StageSources& sources, FetchPolicy url_policy, FetchGit fetch_git);

  void copy(StageState& s, const Instruction& inst, const CopyInstruction& c,
            const BuildProgress::Step& step);
  // URLs are downloaded, git repositories checked out, on every build (as BuildKit does); the
  // cache key then covers their content like any other source's.
  void add(StageState& s, const Instruction& inst, const AddInstruction& a,
           const BuildProgress::Step& step);

 private:
  // What COPY and ADD have in common, once ADD's remote sources are fetched.
  struct Request {
    const std::vector<std::string>& sources;
    const std::vector<Heredoc>& inline_sources;
    const std::string& destination;
    const std::string& from;
    const std::string& chown;
    std::optional<uint32_t> mode;
    const std::vector<std::string>& excludes;
    bool parents = false;
    bool is_add = false;
    std::vector<CopySource> downloaded;
    const BuildContext* other_context = nullptr;  // a git checkout's, instead of the build's
  };
  void copy_files(StageState& s, const Instruction& inst, Request request,
                  const BuildProgress::Step& step);

  StepTools tools_;
  const BuildContext& context_;
  const Dockerfile& dockerfile_;
  StageSources& sources_;
  FetchPolicy url_policy_;
  FetchGit fetch_git_;
};

}  // namespace berth::build
