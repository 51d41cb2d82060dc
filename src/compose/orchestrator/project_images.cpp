// ProjectOrchestrator's images: what `up` pulls and builds first, and `compose build|pull`.
#include "base/error.hpp"
#include "compose/orchestrator/orchestrator.hpp"
#include "compose/orchestrator/resource_names.hpp"

namespace berth::compose {

std::vector<BuildSecret> ProjectOrchestrator::build_secrets(const ServiceConfig& service) const {
  std::vector<BuildSecret> secrets;
  for (const auto& ref : service.build->secrets) {
    auto it = project_.secrets.find(ref.source);
    if (it == project_.secrets.end()) {
      throw InvalidArgumentError("service \"" + service.name +
                                     "\" refers to undefined build secret " + ref.source +
                                     ": invalid compose project",
                                 1);
    }
    const FileObjectConfig& object = it->second;
    if (object.file.empty() && object.environment.empty()) {
      throw InvalidArgumentError("service \"" + service.name + "\": build secret \"" + ref.source +
                                     "\" not from a file or an environment variable is not "
                                     "supported yet by berth",
                                 1);
    }
    // The id RUN --mount=type=secret,id=… asks for: the target when given, else the name.
    secrets.push_back(
        {ref.target.empty() ? ref.source : ref.target, object.file, object.environment});
  }
  return secrets;
}

void ProjectOrchestrator::prepare_images(const std::vector<std::string>& services,
                                         const ImageOptions& options) {
  auto backend = backends_();
  for (const auto& name : services) {
    const ServiceConfig& service = project_.services.at(name);
    const std::string image = service_image(project_, service);
    const bool present = backend->image_id(image).has_value();
    const std::string policy = options.pull.empty() ? service.pull_policy : options.pull;
    if (service.build) {
      if (options.no_build) {
        if (!present) {
          throw NotFoundError("service \"" + name + "\" has neither an image nor --no-build " +
                              "allows building it: image " + image + " not found");
        }
        continue;
      }
      if (options.build || !present || policy == "build" || policy == "always") {
        progress_.event("Service", name, "Building");
        backend->build(service, image, build_secrets(service), progress_.stream());
        progress_.event("Service", name, "Built");
      }
      continue;
    }
    if (policy == "never") {
      if (!present) throw NotFoundError("No such image: " + image);
      continue;
    }
    if (present && policy != "always") continue;
    progress_.event("Image", image, "Pulling");
    backend->pull(image, progress_.stream());
    progress_.event("Image", image, "Pulled");
  }
}

void ProjectOrchestrator::build(const std::vector<std::string>& services) {
  auto backend = backends_();
  for (const auto& name : selected(services)) {
    const ServiceConfig& service = project_.services.at(name);
    if (!service.build) continue;
    progress_.event("Service", name, "Building");
    backend->build(service, service_image(project_, service), build_secrets(service),
                   progress_.stream());
    progress_.event("Service", name, "Built");
  }
}

void ProjectOrchestrator::pull(const std::vector<std::string>& services, bool ignore_failures) {
  auto backend = backends_();
  for (const auto& name : selected(services)) {
    const ServiceConfig& service = project_.services.at(name);
    if (service.image.empty()) continue;  // built, not pulled
    progress_.event("Image", service.image, "Pulling");
    try {
      backend->pull(service.image, progress_.stream());
    } catch (const Error& e) {
      if (!ignore_failures) throw;
      progress_.warning(e.what());
      continue;
    }
    progress_.event("Image", service.image, "Pulled");
  }
}

}  // namespace berth::compose
