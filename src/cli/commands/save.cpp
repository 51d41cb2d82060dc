// `berth save [-o FILE] [--format docker-archive|oci-archive] IMAGE...`.
#include <fcntl.h>
#include <unistd.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "cli/commands/command.hpp"
#include "image/archive/image_saver.hpp"

namespace berth::cli {

CLI::App* add_save(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::string output;
    std::string format = "docker-archive";
    std::vector<std::string> images;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(
      name, "Save one or more images to a tar archive (streamed to STDOUT by default)");
  cmd->add_option("-o,--output", opts->output, "Write to a file, instead of STDOUT");
  cmd->add_option("--format", opts->format, "docker-archive (default) or oci-archive");
  cmd->add_option("IMAGE", opts->images, "Images to save")->required();
  cmd->callback([&ctx, opts] {
    image::ArchiveFormat format;
    if (opts->format == "docker-archive") {
      format = image::ArchiveFormat::kDockerArchive;
    } else if (opts->format == "oci-archive") {
      format = image::ArchiveFormat::kOciArchive;
    } else {
      throw InvalidArgumentError("unknown --format \"" + opts->format +
                                 "\": use docker-archive or oci-archive");
    }
    if (opts->output.empty() && ::isatty(STDOUT_FILENO)) {
      throw InvalidArgumentError(
          "cowardly refusing to save to a terminal. Use the -o flag or redirect");
    }
    auto& store = ctx.images();
    std::vector<image::SaveRequest> requests;
    for (const auto& name : opts->images) {
      auto record = store.resolve(name);
      image::SaveRequest req{record, {}};
      auto ref = image::Reference::try_parse(name);
      bool named_by_tag = false;
      if (ref && !image::Reference::looks_like_full_id(name)) {
        for (const auto& t : record.tags) named_by_tag = named_by_tag || t == *ref;
      }
      // Docker keeps the one tag asked for; an image named by ID keeps all its tags.
      req.tags = named_by_tag ? std::vector<image::Reference>{*ref} : record.tags;
      requests.push_back(std::move(req));
    }
    if (opts->output.empty()) {
      image::save_image_archive(store, requests, format, STDOUT_FILENO);
      return;
    }
    if (UniqueFd special = open_special_output(opts->output); special.valid()) {
      image::save_image_archive(store, requests, format, special.get());  // -o /dev/null
      return;
    }
    // Written under a temp name and renamed, so a failed save leaves no partial file.
    AtomicFile out(opts->output, 0644);
    image::save_image_archive(store, requests, format, out.fd());
    out.commit();
  });
  return cmd;
}

}  // namespace berth::cli
