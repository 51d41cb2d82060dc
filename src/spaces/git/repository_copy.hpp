#pragma once
// Copying a Space's git history into another Space's repository (duplicate): every branch and
// tag with the objects they reach, and the default branch, through the git CLI with a clean
// environment (git_command.hpp). The objects are checked as a push's are (fsck): the source
// was filled by its owner's pushes.
#include <filesystem>

namespace berth::spaces {

// `destination` is a bare repository without refs (a new Space's). Throws Error with git's
// message on failure.
void copy_history(const std::filesystem::path& source, const std::filesystem::path& destination);

}  // namespace berth::spaces
