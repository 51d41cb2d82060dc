#include "engine/image_build.hpp"

#include <optional>
#include <string>

#include "base/error.hpp"
#include "build/dockerfile/source_error.hpp"
#include "build/executor/build_slots.hpp"
#include "runtime/runtime_choice.hpp"

namespace berth::engine {

build::BuildResult build_image(Engine& engine, const build::BuildContext& context,
                               const build::BuildOptions& options, std::ostream& progress) {
  build::RunnerOptions runner;
  runner.runtime = runtime::default_runtime_name();
  runner.runtime_root = runtime::runtime_state_root(engine.config().run_dir, runner.runtime);
  if (options.default_network == "bridge") runner.networks = &engine.networks();
  runtime::check_runtime_installed(runner.runtime);
  // Space builds take turns: first for their owner's slot, then for one of the server's; the
  // admin's never wait.
  std::optional<build::BuildSlot> owner_slot, slot;
  if (options.policy.tenant_build()) {
    auto slots = engine.root() / "build" / "slots";
    std::string owner = options.policy.tenant.substr(0, options.policy.tenant.find('/'));
    owner_slot.emplace(build::owner_slots_dir(slots, owner), build::kBuildsPerOwner, [&] {
      progress << "#0 waiting for another build of " << owner << "'s Spaces to finish\n"
               << std::flush;
    });
    slot.emplace(slots, build::default_build_slots(), [&] {
      progress << "#0 waiting for a free build slot\n" << std::flush;
    });
  }
  auto guard = engine.images().ingest_guard();
  build::Builder builder(engine.images(), context, engine.root(), runner, progress);
  try {
    return builder.build(options);
  } catch (const build::SourceError&) {
    throw;  // already names the Dockerfile's line
  } catch (const Error& e) {
    throw Error(std::string("failed to solve: ") + e.what(), e.exit_code());
  }
}

}  // namespace berth::engine
