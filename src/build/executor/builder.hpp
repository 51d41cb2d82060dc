#pragma once
// `berth build`'s executor: builds the target stage of a parsed Dockerfile (and the stages it
// needs) on the image store, step by step, each filesystem step a layer, with a cache shared
// by all processes. RUN steps run in containers through the OCI runtime (run_step.hpp),
// COPY/ADD go through the build context library (build/context).
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/digest.hpp"
#include "build/context/build_context.hpp"
#include "build/executor/build_policy.hpp"
#include "build/executor/run_step.hpp"
#include "image/image_store.hpp"

namespace berth::build {

// --secret id=X,src=FILE | id=X,env=VAR: where a build secret's value comes from; or the
// value itself, from a caller in the same process (a Space's secret, which thus never sits in
// an environment or a file).
struct SecretSource {
  std::string id;
  std::optional<std::filesystem::path> file;
  std::optional<std::string> env;
  std::optional<std::string> value;
};

struct BuildOptions {
  std::string dockerfile_text;
  std::string dockerfile_name = "Dockerfile";  // as errors name it
  std::vector<image::Reference> tags;
  std::map<std::string, std::string> build_args;
  std::map<std::string, std::string> labels;  // --label, on the final image
  std::string target;                         // --target; empty = the last stage
  bool no_cache = false;
  // --pull: pull every image the Dockerfile names, even those in the store. Without it, only
  // missing ones are pulled (the admin's builds; a Space build pulls nothing yet).
  bool pull_always = false;
  std::map<std::string, SecretSource> secrets;
  std::string default_network = "host";  // RUN steps without --network: host|none|bridge
  BuildPolicy policy;                    // whom it builds for, entitlements, step limits
};

struct BuildResult {
  Digest image_id;
  std::vector<std::string> unused_build_args;  // for the "were not consumed" warning
};

class Builder {
 public:
  // `root` is Berth's root (scratch dirs and cache mounts live below it). Progress goes to
  // `progress` in BuildKit's plain format, RUN output included.
  Builder(image::ImageStore& images, const BuildContext& context, std::filesystem::path root,
          RunnerOptions runner, std::ostream& progress);
  ~Builder();

  BuildResult build(const BuildOptions& options);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace berth::build
