#include "runtime/container_changes.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "base/error.hpp"
#include "base/time_format.hpp"
#include "image/archive/image_loader.hpp"
#include "image/config_change.hpp"
#include "image/publish.hpp"
#include "runtime/rootfs.hpp"

namespace berth::runtime {
namespace {

const std::set<std::string> kMountPoints = {"/etc/hosts", "/etc/hostname", "/etc/resolv.conf",
                                            "/sbin/docker-init"};

bool exists_in_lowers(const std::vector<std::filesystem::path>& lowers, const std::string& rel) {
  struct stat st {};
  for (const auto& l : lowers) {
    if (::lstat((l.string() + rel).c_str(), &st) == 0) {
      // A whiteout in a lower layer means the path was deleted there.
      return !(S_ISCHR(st.st_mode) && st.st_rdev == makedev(0, 0));
    }
  }
  return false;
}

std::vector<Change> changes_in(const std::filesystem::path& upper, image::ImageStore& images,
                               const ContainerRecord& c) {
  auto image = images.find(c.image_id);
  std::vector<std::filesystem::path> lowers;  // top layer first: the first hit decides
  if (image) {
    for (auto it = image->layers.rbegin(); it != image->layers.rend(); ++it) {
      lowers.push_back(images.snapshots().path(it->layer.chain_id));
    }
  }
  std::vector<Change> out;
  std::error_code ec;
  if (!std::filesystem::exists(upper, ec)) return out;
  for (auto it = std::filesystem::recursive_directory_iterator(upper, ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    std::string rel = "/" + std::filesystem::relative(it->path(), upper).string();
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0) continue;
    bool whiteout = S_ISCHR(st.st_mode) && st.st_rdev == makedev(0, 0);
    bool in_lower = exists_in_lowers(lowers, rel);
    if (kMountPoints.count(rel) && !in_lower && st.st_size == 0) continue;
    if (whiteout) {
      out.push_back({'D', rel});
    } else {
      out.push_back({in_lower ? 'C' : 'A', rel});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Change& a, const Change& b) { return a.path < b.path; });
  return out;
}

}  // namespace

std::vector<Change> container_changes(ContainerEngine& engine, image::ImageStore& images,
                                      const ContainerRecord& c) {
  std::vector<Change> out;
  engine.with_writable_layer(
      c, [&](const std::filesystem::path& upper) { out = changes_in(upper, images, c); });
  return out;
}

Digest commit_container(ContainerEngine& engine, image::ImageStore& images,
                        const ContainerRecord& c, const CommitOptions& options) {
  auto image = images.find(c.image_id);
  if (!image) throw Error("the image of container " + c.name + " is gone");
  auto base_config = images.config(*image);
  // Validate the changes first: bad input writes nothing.
  Json runtime_config = base_config.runtime_config();
  auto request = request_from_json(c.request);
  if (!request.command.empty()) runtime_config["Cmd"] = request.command;
  if (request.entrypoint) {
    runtime_config["Entrypoint"] =
        request.entrypoint->empty() ? Json(nullptr) : Json(*request.entrypoint);
  }
  for (const auto& e : request.env) {
    Json env = runtime_config.value("Env", Json::array());
    std::string key = e.substr(0, e.find('='));
    Json kept = Json::array();
    for (const auto& existing : env) {
      if (existing.get<std::string>().substr(0, existing.get<std::string>().find('=')) != key)
        kept.push_back(existing);
    }
    kept.push_back(e);
    runtime_config["Env"] = kept;
  }
  if (!request.user.empty()) runtime_config["User"] = request.user;
  if (!request.workdir.empty()) runtime_config["WorkingDir"] = request.workdir;
  for (const auto& change : options.changes) image::apply_config_change(runtime_config, change);

  bool paused = false;
  if (options.pause && c.state == ContainerState::kRunning) {
    engine.pause(c.id);
    paused = true;
  }
  auto guard = images.ingest_guard();
  image::Descriptor blob;
  try {
    engine.with_writable_layer(c, [&](const std::filesystem::path& upper) {
      blob = image::store_directory_as_layer(images, upper).blob;
    });
  } catch (...) {
    if (paused) engine.unpause(c.id);
    throw;
  }
  if (paused) engine.unpause(c.id);

  Json doc = base_config.doc();
  std::string now = rfc3339_now();
  doc["created"] = now;
  doc["config"] = runtime_config;
  doc["rootfs"]["diff_ids"].push_back(blob.digest.str());
  std::string created_by;
  for (const auto& a : engine.process_args(c)) created_by += (created_by.empty() ? "" : " ") + a;
  Json history = {{"created", now}, {"created_by", created_by}};
  if (!options.message.empty()) history["comment"] = options.message;
  if (!options.author.empty()) {
    history["author"] = options.author;
    doc["author"] = options.author;
  }
  if (!doc.contains("history") || !doc["history"].is_array()) doc["history"] = Json::array();
  doc["history"].push_back(history);
  doc.erase("container");
  std::vector<image::Descriptor> blobs;
  for (const auto& l : image->layers) blobs.push_back(l.blob);
  blobs.push_back(blob);
  std::vector<image::Reference> tags;
  if (options.tag) tags.push_back(*options.tag);
  return image::publish_image(images, doc, blobs, tags);
}

}  // namespace berth::runtime
