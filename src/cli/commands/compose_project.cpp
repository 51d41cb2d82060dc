#include "cli/commands/compose_project.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "base/error.hpp"
#include "compose/dependency_order.hpp"
#include "compose/limits.hpp"
#include "compose/loader.hpp"

extern char** environ;

namespace berth::cli {
namespace {

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string::npos) continue;
    env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return env;
}

}  // namespace

compose::Project load_compose_project(const compose::ProjectOptions& given) {
  compose::ProjectOptions options = given;
  options.working_dir = std::filesystem::current_path().string();
  options.environment = process_environment();
  if (std::find(options.files.begin(), options.files.end(), "-") != options.files.end()) {
    // One byte past the bound, so the loader can refuse a file that is too large.
    std::string text(compose::kMaxFileBytes + 1, '\0');
    std::cin.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(std::cin.gcount()));
    options.standard_input = std::move(text);
  }
  compose::Project project = compose::load_project(options);
  for (const auto& w : project.warnings) std::cerr << "WARN[0000] " << w << "\n";
  compose::dependency_levels(project);  // a cycle is an error for every command
  return project;
}

compose::BackendFactory compose_backends(Context& ctx) {
  return compose::EngineProjectBackend::factory(engine::EngineConfig::for_this_process(ctx.root()));
}

}  // namespace berth::cli
