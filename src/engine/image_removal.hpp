#pragma once
// `rmi` over the engine library, as Docker removes images: a tag of an image with others is
// only untagged; an image containers use is a conflict (with force: only untagged, kept
// until they are gone); an image in several repositories needs force.
#include <string>
#include <vector>

#include "engine/engine.hpp"

namespace berth::engine {

struct ImageRemoval {
  std::vector<std::string> untagged;  // familiar references, as "Untagged:" shows them
  std::vector<std::string> deleted;   // image IDs, as "Deleted:" shows them
};

// Throws NotFoundError ("No such image: X") and ConflictError in Docker's words.
ImageRemoval remove_image(Engine& engine, const std::string& name, bool force);

}  // namespace berth::engine
