#pragma once
// Where `save` and `export` write their tar, as Docker's CLI does: stdout, refused when it is a
// terminal; a special file given with -o (/dev/null) as it is; any other file under a temporary
// name, renamed into place at the end, so a failure leaves no partial archive.
#include <functional>
#include <string>

namespace berth::cli {

// Throws Docker's "cowardly refusing" error when `output` is stdout and stdout is a terminal
// (`save` asks before it looks up its images, as Docker does).
void refuse_terminal_output(const std::string& output);
// `output`: the -o path, empty for stdout. `write` writes the archive to the descriptor.
void write_archive_output(const std::string& output, const std::function<void(int fd)>& write);

}  // namespace berth::cli
