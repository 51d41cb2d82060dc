#include "compose/orchestrator/engine_project_backend.hpp"

#include "base/error.hpp"
#include "base/fs.hpp"
#include "build/context/build_context.hpp"
#include "compose/orchestrator/compose_labels.hpp"
#include "compose/service_config.hpp"
#include "engine/image_build.hpp"
#include "engine/image_removal.hpp"
#include "image/reference/reference.hpp"
#include "registry/image_puller.hpp"
#include "runtime/health_check.hpp"

namespace berth::compose {
namespace {

std::string label_or_empty(const std::map<std::string, std::string>& labels,
                           const std::string& key) {
  auto it = labels.find(key);
  return it == labels.end() ? std::string() : it->second;
}

}  // namespace

EngineProjectBackend::EngineProjectBackend(engine::EngineConfig config)
    : engine_(std::move(config)) {}

BackendFactory EngineProjectBackend::factory(engine::EngineConfig config) {
  return [config] { return std::make_unique<EngineProjectBackend>(config); };
}

ObservedContainer EngineProjectBackend::observe(const runtime::ContainerRecord& record) {
  auto request = runtime::request_from_json(record.request);
  ObservedContainer c;
  c.id = record.id;
  c.name = record.name;
  c.service = label_or_empty(request.labels, kServiceLabel);
  try {
    c.number = std::stoi(label_or_empty(request.labels, kContainerNumberLabel));
  } catch (const std::exception&) {
    c.number = 0;  // a label someone else wrote: the container still belongs to the project
  }
  c.config_hash = label_or_empty(request.labels, kConfigHashLabel);
  c.oneoff = label_or_empty(request.labels, kOneoffLabel) == "True";
  c.state = std::string(runtime::state_name(record.state));
  c.exit_code = record.exit_code;
  c.image_id = record.image_id.str();
  c.image = record.image_name;
  c.created = record.created;
  return c;
}

std::vector<ObservedContainer> EngineProjectBackend::containers(const std::string& project) {
  std::vector<ObservedContainer> found;
  for (const auto& record : engine_.lifecycle().list()) {
    auto request = runtime::request_from_json(record.request);
    if (label_or_empty(request.labels, kProjectLabel) == project) {
      found.push_back(observe(record));
    }
  }
  return found;
}

ObservedContainer EngineProjectBackend::inspect(const std::string& id) {
  return observe(engine_.lifecycle().get(id));
}

std::string EngineProjectBackend::create(const runtime::ContainerRequest& request) {
  return engine_.lifecycle().create(request).id;
}

void EngineProjectBackend::start(const std::string& id) {
  engine_.lifecycle().start(id);
}

void EngineProjectBackend::stop(const std::string& id, std::optional<int> timeout) {
  engine_.lifecycle().stop(id, timeout);
  // The shim's exit command cleans up too, but a start right after must not race it.
  engine_.lifecycle().cleanup(engine_.lifecycle().get(id).id);
}

void EngineProjectBackend::kill(const std::string& id, const std::string& signal) {
  engine_.lifecycle().kill(id, signal);
}

void EngineProjectBackend::remove(const std::string& id, bool force, bool anonymous_volumes) {
  engine_.lifecycle().remove(id, force, anonymous_volumes);
}

void EngineProjectBackend::rename(const std::string& id, const std::string& new_name) {
  engine_.containers().rename(engine_.lifecycle().get(id).id, new_name);
}

void EngineProjectBackend::pause(const std::string& id) {
  engine_.lifecycle().pause(id);
}

void EngineProjectBackend::unpause(const std::string& id) {
  engine_.lifecycle().unpause(id);
}

// The shim probes in the background (runtime/health_check); this reads its latest verdict.
std::string EngineProjectBackend::health(const std::string& id) {
  auto& engine = engine_.lifecycle();
  if (!runtime::effective_healthcheck(engine, id)) return "";
  auto state = runtime::read_health(engine, id);
  return state ? state->status : "starting";
}

std::map<std::string, std::string> EngineProjectBackend::anonymous_volumes(const std::string& id) {
  std::map<std::string, std::string> found;
  auto request = runtime::request_from_json(engine_.lifecycle().get(id).request);
  for (const auto& m : request.mounts) {
    if (m.type != "volume" || m.source.empty()) continue;
    auto v = engine_.volumes().find(m.source);
    if (v && v->anonymous) found[m.destination] = m.source;
  }
  return found;
}

std::optional<LabelledResource> EngineProjectBackend::network(const std::string& name) {
  for (const auto& n : engine_.networks().list()) {
    if (n.name == name) return LabelledResource{n.name, n.labels};
  }
  return std::nullopt;
}

std::vector<LabelledResource> EngineProjectBackend::networks() {
  std::vector<LabelledResource> found;
  for (const auto& n : engine_.networks().list()) found.push_back({n.name, n.labels});
  return found;
}

void EngineProjectBackend::create_network(const network::CreateOptions& options) {
  engine_.networks().create(options);
}

void EngineProjectBackend::remove_network(const std::string& name) {
  engine_.networks().remove(name);
}

std::optional<LabelledResource> EngineProjectBackend::volume(const std::string& name) {
  auto v = engine_.volumes().find(name);
  if (!v) return std::nullopt;
  return LabelledResource{v->name, v->labels};
}

std::vector<LabelledResource> EngineProjectBackend::volumes() {
  std::vector<LabelledResource> found;
  for (const auto& v : engine_.volumes().list()) found.push_back({v.name, v.labels});
  return found;
}

void EngineProjectBackend::create_volume(const std::string& name,
                                         const std::map<std::string, std::string>& labels) {
  engine_.volumes().create(name, labels);
}

void EngineProjectBackend::remove_volume(const std::string& name) {
  engine_.volumes().remove(name);
}

std::optional<std::string> EngineProjectBackend::image_id(const std::string& reference) {
  auto image = engine_.images().try_resolve(reference);
  if (!image) return std::nullopt;
  return image->id.str();
}

void EngineProjectBackend::pull(const std::string& reference, std::ostream& progress) {
  auto ref = image::Reference::parse(reference);
  registry::pull_image(engine_.images(), ref,
                       [&progress](const std::string& line) { progress << line << "\n"; });
}

std::string EngineProjectBackend::build(const ServiceConfig& service, const std::string& tag,
                                        const std::vector<BuildSecret>& secrets,
                                        std::ostream& progress) {
  const BuildConfig& b = *service.build;
  if (b.context.find("://") != std::string::npos || b.context.rfind("git@", 0) == 0) {
    throw InvalidArgumentError(
        "service \"" + service.name + "\": a remote build context is not supported yet by berth",
        1);
  }
  std::filesystem::path dir = b.context;
  if (!std::filesystem::is_directory(dir)) {
    throw NotFoundError("service \"" + service.name + "\": build context \"" + b.context +
                        "\" is not a directory");
  }
  build::BuildOptions options;
  options.tags.push_back(image::Reference::parse(tag));
  for (const auto& extra : b.tags) options.tags.push_back(image::Reference::parse(extra));
  for (const auto& [key, value] : b.args) {
    if (value) options.build_args[key] = *value;
  }
  options.labels = b.labels;
  options.target = b.target;
  options.no_cache = b.no_cache;
  options.pull_always = b.pull;
  if (!b.network.empty()) {
    if (b.network != "host" && b.network != "none" && b.network != "default") {
      throw InvalidArgumentError("service \"" + service.name + "\": build network " + b.network +
                                     " is not supported yet by berth (host, none or default)",
                                 1);
    }
    options.default_network = b.network == "default" ? "bridge" : b.network;
  }
  for (const auto& secret : secrets) {
    // Filled in place: a copied SecretSource trips GCC 12's maybe-uninitialized.
    build::SecretSource& source = options.secrets[secret.id];
    source.id = secret.id;
    if (!secret.file.empty()) source.file.emplace(secret.file);
    if (!secret.environment.empty()) source.env.emplace(secret.environment);
  }
  std::optional<build::BuildContext> context;
  if (!b.dockerfile_inline.empty()) {
    options.dockerfile_text = b.dockerfile_inline;
    context.emplace(build::BuildContext::from_directory(dir, std::nullopt));
  } else {
    std::filesystem::path dockerfile = b.dockerfile.empty() ? "Dockerfile" : b.dockerfile;
    if (dockerfile.is_relative()) dockerfile = dir / dockerfile;
    if (!std::filesystem::is_regular_file(dockerfile)) {
      throw NotFoundError("service \"" + service.name + "\": failed to read dockerfile: open " +
                          dockerfile.string() + ": no such file or directory");
    }
    options.dockerfile_text = read_file(dockerfile);
    options.dockerfile_name = dockerfile.filename().string();
    context.emplace(build::BuildContext::from_directory(dir, dockerfile));
  }
  return engine::build_image(engine_, *context, options, progress).image_id.str();
}

void EngineProjectBackend::remove_image(const std::string& reference) {
  engine::remove_image(engine_, reference, false);
}

}  // namespace berth::compose
