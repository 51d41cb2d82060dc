#pragma once
// --cap-add / --cap-drop as Docker applies them (moby's oci/caps): names normalized to
// CAP_<UPPER>, "ALL" meaning every capability, and the container's set worked out from
// Docker's default set.
#include <string>
#include <vector>

namespace berth::runtime {

// Every capability Linux knows, in number order (CAP_CHOWN = 0 ... CAP_CHECKPOINT_RESTORE = 40).
const std::vector<std::string>& known_capabilities();

// Upper-cased, trimmed and CAP_-prefixed; "ALL" stays "ALL". Throws InvalidArgumentError
// (125) with Docker's wording, `invalid <what>: unknown capability: "CAP_FOO"`, for a name
// Linux does not know. `what` is "CapAdd" or "CapDrop".
std::vector<std::string> normalize_capabilities(const std::vector<std::string>& names,
                                                const std::string& what);

// The container's capabilities, in Docker's order (TweakCapabilities): with neither list,
// the defaults; "ALL" in cap_add: every capability up to `last_capability` except those
// dropped; "ALL" in cap_drop: exactly cap_add; else the defaults without cap_drop, then
// cap_add. `last_capability` is the host's /proc/sys/kernel/cap_last_cap.
std::vector<std::string> effective_capabilities(const std::vector<std::string>& cap_add,
                                                const std::vector<std::string>& cap_drop,
                                                int last_capability);

}  // namespace berth::runtime
