#pragma once
// How the deploy pipeline builds a Space's image. The pipeline sees only this interface, so a
// remote builder (BuildKit on a cluster) can stand in for the local one.
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace berth::spaces {

struct SpaceBuildRequest {
  std::string space_id;                           // "owner/name": whose build (its cache, images)
  std::filesystem::path context;                  // the commit's files, Dockerfile at the top
  std::string tag;                                // the image reference to tag the result
  std::map<std::string, std::string> build_args;  // the Space's variables
  std::map<std::string, std::string> secrets;     // id -> value, for RUN --mount=type=secret
};

// One line of build output, without its newline.
using LogLineSink = std::function<void(std::string_view line)>;

class ImageBuilder {
 public:
  virtual ~ImageBuilder() = default;
  // Builds and tags the image; returns its ID. Throws BuildFailed when the Dockerfile or a
  // step fails (the output said why), berth::Error when the builder itself cannot run.
  virtual std::string build(const SpaceBuildRequest& request, const LogLineSink& log) = 0;
  // Drops an image this builder made (a retired deploy's); a missing image is not an error.
  virtual void remove_image(const std::string& tag) = 0;
  // Drops what builds kept for a deleted Space: its build cache and cache mounts.
  virtual void forget_space(const std::string& space_id) = 0;
};

struct BuildFailed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace berth::spaces
