#pragma once
// A file's content out of a Space repository, streamed: `git cat-file blob` writes it into a
// pipe the caller reads at its own pace, so a large file never sits in memory.
#include <filesystem>
#include <memory>
#include <string_view>

#include "spaces/git/git_output_stream.hpp"

namespace berth::spaces {

// Starts git on the blob `oid` (40 hex digits, else InvalidArgumentError). Read the content
// with read(); finish() then tells whether git succeeded (0).
std::unique_ptr<GitOutputStream> stream_blob(const std::filesystem::path& repository,
                                             std::string_view oid);

}  // namespace berth::spaces
