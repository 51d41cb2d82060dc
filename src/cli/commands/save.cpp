// `berth save [-o FILE] [--format docker-archive|oci-archive] IMAGE...`.
#include "base/error.hpp"
#include "cli/archive_output.hpp"
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
    refuse_terminal_output(opts->output);
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
    write_archive_output(opts->output,
                         [&](int fd) { image::save_image_archive(store, requests, format, fd); });
  });
  return cmd;
}

}  // namespace berth::cli
