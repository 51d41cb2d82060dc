// `berth pull [-a] [-q] [--platform P] NAME[:TAG|@DIGEST]`: an image from a registry, as docker
// pull prints it: per-layer rows redrawn in place on a terminal, plain lines otherwise.
#include <unistd.h>

#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "cli/layer_progress_view.hpp"
#include "registry/image_puller.hpp"

namespace berth::cli {

namespace {

// Whether what the user typed names a tag or digest ("python:3.11", "x@sha256:…"), before
// Reference::parse adds ":latest" to a bare name.
bool names_tag_or_digest(std::string_view text) {
  if (text.find('@') != std::string_view::npos) return true;
  auto last_component =
      text.substr(text.rfind('/') == std::string_view::npos ? 0 : text.rfind('/'));
  return last_component.find(':') != std::string_view::npos;
}

// Docker's last line of a pull, for a reference or (pull -a) a repository.
void print_status(std::ostream& out, bool changed, const std::string& name) {
  out << "Status: " << (changed ? "Downloaded newer image for " : "Image is up to date for ")
      << name << "\n";
}

// One pull with Docker's progress; returns whether the image changed.
bool pull_with_progress(Context& ctx, const image::Reference& ref, std::ostream& out,
                        bool terminal) {
  registry::PullResult result;
  if (terminal) {
    LayerProgressView view(out);
    result = registry::pull_image(
        ctx.images(), ref, [&view](const std::string& line) { view.line(line); }, {},
        [&view](const std::string& id, int64_t current, int64_t total) {
          view.bytes(id, current, total);
        });
  } else {
    result = registry::pull_image(ctx.images(), ref, [&out](const std::string& line) {
      out << line << "\n" << std::flush;
    });
  }
  return result.changed;
}

}  // namespace

void pull_and_report(Context& ctx, const image::Reference& ref, std::ostream& out, bool terminal) {
  print_status(out, pull_with_progress(ctx, ref, out, terminal), ref.familiar());
}

CLI::App* add_pull(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::string reference;
    std::string platform;
    bool all_tags = false;
    bool quiet = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(name, "Download an image from a registry");
  cmd->add_flag("-a,--all-tags", opts->all_tags, "Download all tagged images in the repository");
  cmd->add_flag("-q,--quiet", opts->quiet, "Suppress verbose output");
  cmd->add_option("--platform", opts->platform, "Set platform if server is multi-platform capable");
  cmd->add_option("NAME", opts->reference, "Image name, [:TAG] or [@DIGEST]")->required();
  cmd->callback([&ctx, opts] {
    if (!opts->platform.empty() && opts->platform != "linux/amd64") {
      throw InvalidArgumentError("--platform " + opts->platform +
                                 ": not supported yet (only linux/amd64)");
    }
    if (opts->all_tags) {
      if (names_tag_or_digest(opts->reference)) {
        throw InvalidArgumentError("tag can't be used with --all-tags/-a");
      }
      auto name = image::Reference::parse(opts->reference).without_tag_or_digest();
      auto tags = registry::list_tags(name);
      if (tags.empty()) throw NotFoundError("repository " + name.familiar_name() + " has no tags");
      bool terminal = ::isatty(STDOUT_FILENO);
      bool changed = false;
      for (const auto& tag : tags) {
        auto ref = name.with_tag(tag);
        if (opts->quiet) {
          registry::pull_image(ctx.images(), ref);
        } else {
          changed = pull_with_progress(ctx, ref, std::cout, terminal) || changed;
        }
      }
      if (!opts->quiet) print_status(std::cout, changed, name.familiar_name());
      std::cout << name.name() << "\n";
      return;
    }
    auto ref = image::Reference::parse(opts->reference);
    if (!opts->quiet && !names_tag_or_digest(opts->reference)) {
      std::cout << "Using default tag: " << ref.tag().value_or("latest") << "\n";
    }
    if (opts->quiet) {
      registry::pull_image(ctx.images(), ref);
    } else {
      pull_and_report(ctx, ref, std::cout, ::isatty(STDOUT_FILENO));
    }
    std::cout << ref.str() << "\n";
  });
  return cmd;
}

}  // namespace berth::cli
