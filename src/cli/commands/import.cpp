// `berth import FILE|- [REPOSITORY[:TAG]] [-c CHANGE] [-m MESSAGE]`.
#include <fcntl.h>

#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "image/archive/image_importer.hpp"

namespace berth::cli {

CLI::App* add_import(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::string file;
    std::string reference;
    std::vector<std::string> changes;
    std::string message;
    std::string platform;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(
      name, "Import the contents from a tarball to create a filesystem image");
  cmd->add_option("-c,--change", opts->changes, "Apply Dockerfile instruction to the created image")
      ->allow_extra_args(false);
  cmd->add_option("-m,--message", opts->message, "Set commit message for imported image");
  cmd->add_option("--platform", opts->platform, "Set platform if server is multi-platform capable");
  cmd->add_option("file", opts->file, "Tarball path, or - for standard input")->required();
  cmd->add_option("REPOSITORY[:TAG]", opts->reference, "Name for the image");
  cmd->callback([&ctx, opts] {
    image::ImportOptions options;
    options.changes = opts->changes;
    options.message = opts->message;
    if (!opts->reference.empty()) options.tag = image::Reference::parse(opts->reference);
    if (!opts->platform.empty() && opts->platform != "linux/amd64") {
      throw InvalidArgumentError("platform \"" + opts->platform +
                                 "\" is not supported yet: only linux/amd64");
    }
    UniqueFd file;
    int fd = STDIN_FILENO;
    if (opts->file != "-") {
      if (opts->file.find("://") != std::string::npos) {
        throw InvalidArgumentError("importing from a URL is not supported yet: " + opts->file);
      }
      file.reset(::open(opts->file.c_str(), O_RDONLY | O_CLOEXEC));
      if (!file.valid()) throw_errno("open " + opts->file);
      fd = file.get();
    }
    auto& store = ctx.images();
    auto guard = store.ingest_guard();
    auto id =
        image::import_rootfs(store, fd, opts->file == "-" ? "standard input" : opts->file, options);
    std::cout << id.str() << "\n";
  });
  return cmd;
}

}  // namespace berth::cli
