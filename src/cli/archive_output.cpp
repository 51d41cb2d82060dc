#include "cli/archive_output.hpp"

#include <unistd.h>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::cli {

void refuse_terminal_output(const std::string& output) {
  if (output.empty() && ::isatty(STDOUT_FILENO)) {
    throw InvalidArgumentError(
        "cowardly refusing to save to a terminal. Use the -o flag or redirect");
  }
}

void write_archive_output(const std::string& output, const std::function<void(int fd)>& write) {
  refuse_terminal_output(output);
  if (output.empty()) {
    write(STDOUT_FILENO);
    return;
  }
  if (UniqueFd special = open_special_output(output); special.valid()) {
    write(special.get());
    return;
  }
  AtomicFile out(output, 0644);
  write(out.fd());
  out.commit();
}

}  // namespace berth::cli
