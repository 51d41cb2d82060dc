#pragma once
// Which images a Space build may use by name (FROM, COPY --from, RUN --mount from=): allowed
// base images (imported, loaded or built by the admin: no Space mark) and the images built for
// the Space itself. Images built for other Spaces are not there as far as the build can tell.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::build {

// `space_label`: the image's kSpaceImageLabel, if any; `tags`: its references in full
// ("localhost/spaces/alice/x:abc"), which mark a Space's image even without the label.
bool image_visible_to_tenant(std::string_view tenant, const std::optional<std::string>& space_label,
                             const std::vector<std::string>& tags);

// The error a Space build gets for an image it may not see, the same whether it exists or not
// (BuildKit's wording for a reference it cannot resolve).
std::string image_not_visible_message(std::string_view reference);

}  // namespace berth::build
