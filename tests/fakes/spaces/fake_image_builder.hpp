#pragma once
// An ImageBuilder that builds nothing: it reads the context's Dockerfile, checks that what it
// COPYs is there, and "tags" the result in memory. It keeps the promises of ImageBuilder that
// the conformance suite (tests/conformance/image_builder_suite) holds it and the engine's
// builder to: BuildFailed with the reason as the log's last line, tags that remove_image drops.
#include <set>
#include <string>
#include <vector>

#include "spaces/image_builder.hpp"

namespace berth::spaces {

class FakeImageBuilder : public ImageBuilder {
 public:
  std::string build(const SpaceBuildRequest& request, const LogLineSink& log) override;
  void remove_image(const std::string& tag) override;
  void forget_space(const std::string& space_id) override;

  // Whether `tag` names an image this builder made and has not removed.
  bool has_image(const std::string& tag) const { return tags_.count(tag) > 0; }

  // What the tests look at and set.
  std::vector<SpaceBuildRequest> requests;
  std::vector<std::string> removed;
  std::vector<std::string> forgotten;
  std::vector<std::string> output = {"#1 building"};  // the log of every build
  bool fail = false;                                  // every build fails, as a step would

 private:
  std::set<std::string> tags_;
};

}  // namespace berth::spaces
