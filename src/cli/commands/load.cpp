// `berth load [-i FILE] [-q]`: docker-archive or OCI archive, plain or compressed.
#include <fcntl.h>
#include <unistd.h>

#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "image/archive/image_loader.hpp"

namespace berth::cli {

CLI::App* add_load(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::string input;
    bool quiet = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(name, "Load an image from a tar archive or STDIN");
  cmd->add_option("-i,--input", opts->input, "Read from tar archive file, instead of STDIN");
  cmd->add_flag("-q,--quiet", opts->quiet, "Suppress the load output");
  cmd->callback([&ctx, opts] {
    UniqueFd file;
    int fd = STDIN_FILENO;
    std::string source = "standard input";
    if (!opts->input.empty()) {
      file.reset(::open(opts->input.c_str(), O_RDONLY | O_CLOEXEC));
      if (!file.valid()) throw_errno("open " + opts->input);
      fd = file.get();
      source = opts->input;
    } else if (::isatty(STDIN_FILENO)) {
      throw InvalidArgumentError(
          "requested load from stdin, but stdin is empty (use -i FILE or a redirect)");
    }
    auto& store = ctx.images();
    auto guard = store.ingest_guard();
    auto loaded = image::load_image_archive(store, fd, source);
    for (const auto& image : loaded) {
      if (image.tags.empty()) {
        std::cout << "Loaded image ID: " << image.id.str() << "\n";
      }
      for (const auto& tag : image.tags) std::cout << "Loaded image: " << tag.familiar() << "\n";
    }
  });
  return cmd;
}

}  // namespace berth::cli
