// `berth image inspect` / `berth inspect`: Docker's image JSON shape.
#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "cli/commands/inspect_json.hpp"
#include "cli/output.hpp"

namespace berth::cli {
namespace {

// Docker fills every field of its container config, null when unset.
OrderedJson docker_config(const Json& config) {
  OrderedJson out;
  auto field = [&](const char* key, OrderedJson fallback) {
    out[key] = config.contains(key) ? OrderedJson::parse(config[key].dump()) : fallback;
  };
  field("Hostname", "");
  field("Domainname", "");
  field("User", "");
  field("AttachStdin", false);
  field("AttachStdout", false);
  field("AttachStderr", false);
  if (config.contains("ExposedPorts")) field("ExposedPorts", nullptr);
  field("Tty", false);
  field("OpenStdin", false);
  field("StdinOnce", false);
  field("Env", nullptr);
  field("Cmd", nullptr);
  if (config.contains("Healthcheck")) field("Healthcheck", nullptr);
  field("Image", "");
  field("Volumes", nullptr);
  field("WorkingDir", "");
  field("Entrypoint", nullptr);
  field("OnBuild", nullptr);
  field("Labels", nullptr);
  if (config.contains("StopSignal")) field("StopSignal", nullptr);
  if (config.contains("Shell")) field("Shell", nullptr);
  return out;
}

}  // namespace

OrderedJson inspect_image_json(Context& ctx, const image::ImageRecord& image) {
  auto& store = ctx.images();
  auto config = store.config(image);
  const Json& doc = config.doc();
  OrderedJson j;
  j["Id"] = image.id.str();
  j["RepoTags"] = OrderedJson::array();
  for (const auto& t : image.tags) j["RepoTags"].push_back(t.familiar());
  j["RepoDigests"] = OrderedJson::array();
  for (const auto& d : image.repo_digests) j["RepoDigests"].push_back(d);
  j["Parent"] = "";
  j["Comment"] = doc.value("comment", "");
  j["Created"] = doc.value("created", "");
  j["DockerVersion"] = doc.value("docker_version", "");
  j["Author"] = doc.value("author", "");
  j["Config"] = docker_config(config.runtime_config());
  j["Architecture"] = config.architecture();
  if (doc.contains("variant")) j["Variant"] = doc["variant"].get<std::string>();
  j["Os"] = config.os();
  j["Size"] = image.size;
  OrderedJson data;
  std::string lower;
  for (size_t i = image.layers.size(); i-- > 0;) {
    if (i + 1 == image.layers.size()) continue;
    if (!lower.empty()) lower += ":";
    lower += store.snapshots().path(image.layers[i].layer.chain_id).string();
  }
  if (!image.layers.empty()) {
    data["LowerDir"] = lower.empty() ? OrderedJson(nullptr) : OrderedJson(lower);
    data["UpperDir"] = store.snapshots().path(image.layers.back().layer.chain_id).string();
  }
  j["GraphDriver"] = {{"Data", data.empty() ? OrderedJson(nullptr) : data}, {"Name", "overlay"}};
  OrderedJson layers = OrderedJson::array();
  for (const auto& l : image.layers) layers.push_back(l.layer.diff_id.str());
  j["RootFS"] = {{"Type", "layers"}, {"Layers", layers}};
  j["Metadata"] = {
      {"LastTagTime", image.last_tag_time.empty() ? "0001-01-01T00:00:00Z" : image.last_tag_time}};
  return j;
}

CLI::App* add_image_inspect(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::vector<std::string> images;
    std::string format;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(name, "Display detailed information on one or more images");
  cmd->add_option("-f,--format", opts->format, "Format output using a custom template");
  cmd->add_option("IMAGE", opts->images, "Images to inspect")->required();
  cmd->callback([&ctx, opts] {
    std::vector<OrderedJson> found;
    std::vector<std::string> errors;
    for (const auto& name : opts->images) {
      try {
        found.push_back(inspect_image_json(ctx, ctx.images().resolve(name)));
      } catch (const NotFoundError& e) {
        errors.push_back(e.what());
      }
    }
    std::cout << render_inspect(opts->format, found);
    for (const auto& e : errors) std::cerr << "Error: " << e << "\n";
    if (!errors.empty()) throw ExitStatus{1};
  });
  return cmd;
}

}  // namespace berth::cli
