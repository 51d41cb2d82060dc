#include "cli/app.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "base/error.hpp"

namespace berth::cli {

int run(int argc, char** argv) {
  CLI::App app{"berth: a Docker-compatible container engine and self-hosted Docker Spaces"};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}

}  // namespace berth::cli
