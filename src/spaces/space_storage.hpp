#pragma once
// Dropping a Space's persistent storage (DELETE /api/spaces/{id}/storage): its /data is
// deleted, as on the Hub. An instance that still runs with /data keeps the filesystem it has
// mounted until it stops (the unmount is lazy); its next start has no /data.
#include <filesystem>

namespace berth::spaces {

// Unmounts <space dir>/data, then removes data.img and the data directory (without following
// the links the app may have left in it). Nothing to do is not an error. Throws Error naming
// what could not be removed.
void remove_space_data(const std::filesystem::path& space_dir);

}  // namespace berth::spaces
