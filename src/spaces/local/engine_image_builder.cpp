#include "spaces/local/engine_image_builder.hpp"

#include "base/error.hpp"
#include "base/fs.hpp"
#include "build/context/build_context.hpp"
#include "build/executor/build_policy.hpp"
#include "engine/build_cache_pruning.hpp"
#include "engine/image_build.hpp"
#include "engine/image_removal.hpp"
#include "spaces/local/log_line_stream.hpp"

namespace berth::spaces {

std::string EngineImageBuilder::build(const SpaceBuildRequest& request, const LogLineSink& log) {
  if (request.space_id.empty()) throw Error("a Space build needs the Space's id");
  engine::Engine engine(config_);
  build::BuildOptions options;
  options.tags.push_back(image::Reference::parse(request.tag));
  options.build_args = request.build_args;
  for (const auto& [id, value] : request.secrets) {
    options.secrets[id] = build::SecretSource{id, std::nullopt, std::nullopt, value};
  }
  options.policy.tenant = request.space_id;
  options.policy.step_limits = build::default_tenant_step_limits();
  options.policy.trusted_registries = trusted_registries_;
  options.default_network = "bridge";  // BuildKit's: each RUN step on the bridge, NAT out

  LogLineStream progress(log);
  try {
    auto dockerfile = request.context / "Dockerfile";
    if (!std::filesystem::is_regular_file(dockerfile)) {
      throw NotFoundError("failed to read dockerfile: open " + dockerfile.string() +
                          ": no such file or directory");
    }
    options.dockerfile_text = read_file(dockerfile);
    auto context = build::BuildContext::from_directory(request.context, dockerfile);
    auto result = engine::build_image(engine, context, options, progress);
    return result.image_id.str();
  } catch (const Error& e) {
    // The deploy log ends with the error, as `berth build` prints it.
    progress << "Error: " << e.what() << "\n" << std::flush;
    throw BuildFailed(e.what());
  }
}

void EngineImageBuilder::remove_image(const std::string& tag) {
  engine::Engine engine(config_);
  try {
    engine::remove_image(engine, tag, false);
  } catch (const NotFoundError&) {
    // Already gone: what remove_image promises.
  }
}

void EngineImageBuilder::forget_space(const std::string& space_id) {
  engine::Engine engine(config_);
  engine::prune_build_cache(engine, space_id);
}

}  // namespace berth::spaces
