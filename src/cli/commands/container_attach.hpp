#pragma once
// A foreground container's stdio: what `berth run`, `berth start -a` and `berth compose run`
// do once the container started.
#include "cli/context.hpp"
#include "runtime/container_record.hpp"

namespace berth::cli {

// Streams the container's output (attached to its terminal or stdin when tty/interactive,
// else from its log) until it exits; returns its exit code, or -1 when the user detached.
int attach_and_wait(Context& ctx, const runtime::ContainerRecord& c, bool tty, bool interactive);

}  // namespace berth::cli
