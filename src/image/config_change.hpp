#pragma once
// The Dockerfile instructions `import --change` and `commit --change` accept (Docker's list:
// CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR), applied to
// an image config's "config" object.
#include <string>

#include "base/json.hpp"

namespace berth::image {

// Throws InvalidArgumentError naming the change, e.g. `FROM is not a valid change command`.
void apply_config_change(Json& runtime_config, const std::string& change);

}  // namespace berth::image
