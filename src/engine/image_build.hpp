#pragma once
// `build` over the engine library: the RUN-step runner wired to this engine's runtime and
// networks, a Space build's turn taken (its owner's slot, then one of the machine's), the
// store's ingest guard held, and failures in BuildKit's words ("failed to solve: …").
#include <ostream>

#include "build/context/build_context.hpp"
#include "build/executor/builder.hpp"
#include "engine/engine.hpp"

namespace berth::engine {

// Progress (BuildKit's plain format, RUN output included) goes to `progress`.
build::BuildResult build_image(Engine& engine, const build::BuildContext& context,
                               const build::BuildOptions& options, std::ostream& progress);

}  // namespace berth::engine
