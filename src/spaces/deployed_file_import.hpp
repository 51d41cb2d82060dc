#pragma once
// The one-time move of <spaces dir>/<owner>/<name>/deployed.json (app_port, title and startup
// timeout of the serving commit, as servers before migration 12 kept them) into the Space's
// row, so the row is the one source of truth. Run whenever the Spaces database opens: a Space
// without the file costs a stat, and a file left by a crash between the write and the removal
// is removed the next time.
#include <filesystem>

#include "spaces/space_store.hpp"

namespace berth::spaces {

// Imports each Space's deployed.json into its row (unless the row already has settings: a
// deploy since wrote newer ones) and removes the file. An unreadable or malformed file is an
// Error naming it.
void import_deployed_files(SpaceStore& spaces, const std::filesystem::path& spaces_dir);

}  // namespace berth::spaces
