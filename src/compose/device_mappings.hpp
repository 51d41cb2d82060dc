#pragma once
// A service's devices as compose-go normalizes them (transform/device.go, types/types.go
// DeviceMapping): `SOURCE[:TARGET[:PERMISSIONS]]` becomes {source, target, permissions}, the
// target defaulting to the source and the permissions to rwm; the long form is kept as
// written (no defaults). As override/uncity.go has it, one entry per target: a later one
// takes an earlier one's place. Berth keeps them for `config` only (the engine refuses them).
#include <string>

#include "base/json.hpp"
#include "compose/node.hpp"

namespace berth::compose {

// The entries as compose-go prints them, empty fields left out: [{source, target,
// permissions}, …].
OrderedJson read_device_mappings(const Node& n, const std::string& path);

}  // namespace berth::compose
