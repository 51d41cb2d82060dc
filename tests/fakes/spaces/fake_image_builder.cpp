#include "fakes/spaces/fake_image_builder.hpp"

#include <sstream>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::spaces {
namespace {

// Why the context cannot build, as the real builder words it; "" when it can.
std::string problem_with(const std::filesystem::path& context) {
  auto dockerfile = context / "Dockerfile";
  if (!std::filesystem::is_regular_file(dockerfile)) {
    return "failed to read dockerfile: open " + dockerfile.string() + ": no such file or directory";
  }
  std::istringstream lines(read_file(dockerfile));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("COPY ", 0) != 0) continue;
    std::istringstream words(line.substr(5));
    std::string source;
    while (words >> source && source.rfind("--", 0) == 0) {
    }
    if (!std::filesystem::exists(context / source)) {
      return "failed to compute cache key: \"/" + source + "\": not found";
    }
  }
  return "";
}

}  // namespace

std::string FakeImageBuilder::build(const SpaceBuildRequest& request, const LogLineSink& log) {
  if (request.space_id.empty()) throw Error("a Space build needs the Space's id");
  requests.push_back(request);
  for (const auto& line : output) log(line);
  std::string problem = fail ? "step 2/3 failed: exit code 3" : problem_with(request.context);
  if (!problem.empty()) {
    log("Error: " + problem);
    throw BuildFailed(problem);
  }
  tags_.insert(request.tag);
  return "sha256:" + std::string(64, 'a');
}

void FakeImageBuilder::remove_image(const std::string& tag) {
  removed.push_back(tag);
  tags_.erase(tag);
}

void FakeImageBuilder::forget_space(const std::string& space_id) {
  forgotten.push_back(space_id);
}

}  // namespace berth::spaces
