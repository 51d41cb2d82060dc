#pragma once
// Reading a file of a pushed repository on the host. The repository is the Space owner's, so
// a symbolic link in it is the owner's too: it is followed only within the checkout (a
// README.md linking to /etc/shadow or ../../berth.db is refused, never read), and errors name
// the file, never its content.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace berth::spaces {

// Why a repository file could not be read; the message is for the Space's page.
class RepoFileError : public Error {
 public:
  using Error::Error;
};

// The content of `relative` (a path inside `checkout`); nullopt when it does not exist.
// RepoFileError when it, or a link on the way, leads outside the checkout, when it is not a
// regular file, or when it is larger than `max_bytes`.
std::optional<std::string> read_repo_file(const std::filesystem::path& checkout,
                                          std::string_view relative, size_t max_bytes);

}  // namespace berth::spaces
