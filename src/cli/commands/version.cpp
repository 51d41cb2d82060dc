// `berth version [--format]`.
#include <sys/utsname.h>

#include <iostream>

#include "cli/commands/command.hpp"
#include "cli/output.hpp"

namespace berth::cli {

CLI::App* add_version(CLI::App& parent, Context&, const std::string& name) {
  auto format = std::make_shared<std::string>();
  auto* cmd = parent.add_subcommand(name, "Show the Berth version information");
  cmd->add_option("-f,--format", *format, "Format output using a custom template");
  cmd->callback([format] {
    struct utsname u {};
    ::uname(&u);
    OrderedJson client = {{"Version", BERTH_VERSION},
                          {"ApiVersion", "1.43"},
                          {"Os", "linux"},
                          {"Arch", "amd64"},
                          {"KernelVersion", u.release},
                          {"BuildTime", __DATE__ " " __TIME__}};
    OrderedJson doc = {{"Client", client}};
    if (!format->empty()) {
      std::cout << render_inspect(*format, {doc});
      return;
    }
    std::cout << "Client:\n"
              << " Version:     " << BERTH_VERSION << "\n"
              << " API version: 1.43\n"
              << " Built:       " << __DATE__ << " " << __TIME__ << "\n"
              << " OS/Arch:     linux/amd64\n"
              << " Kernel:      " << u.release << "\n";
  });
  return cmd;
}

}  // namespace berth::cli
