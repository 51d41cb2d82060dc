#pragma once
// A helper process that must not outlive the process that started it: `berth serve` runs each
// Space build as a `berth build` child, and one left running after the server was killed with
// -9 kept building (and holding a build slot) for a Space whose deploy the restarted server
// redoes anyway.
#include <string_view>

namespace berth {

// The starter puts its own pid here in the child's environment.
inline constexpr std::string_view kDieWithParentEnv = "BERTH_DIE_WITH_PARENT";

// When kDieWithParentEnv names a pid: the kernel sends this process SIGKILL when its parent
// dies, and if the parent is already gone (reparented before this ran) it exits now.
void die_with_parent_if_asked();

}  // namespace berth
