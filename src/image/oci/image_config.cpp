#include "image/oci/image_config.hpp"

#include "base/error.hpp"

namespace berth::image {

ImageConfig ImageConfig::parse(std::string raw) {
  ImageConfig c;
  try {
    c.doc_ = Json::parse(raw);
  } catch (const Json::parse_error& e) {
    throw Error(std::string("image config is not valid JSON: ") + e.what());
  }
  if (!c.doc_.is_object()) throw Error("image config is not a JSON object");
  const Json* rootfs = c.doc_.contains("rootfs") ? &c.doc_["rootfs"] : nullptr;
  if (!rootfs || !rootfs->is_object()) throw Error("image config has no rootfs");
  if (rootfs->value("type", "") != "layers") {
    throw Error("image config rootfs.type is \"" + rootfs->value("type", "") +
                "\", expected \"layers\"");
  }
  if (rootfs->contains("diff_ids")) {
    const auto& ids = (*rootfs)["diff_ids"];
    if (!ids.is_array()) throw Error("image config rootfs.diff_ids is not an array");
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!ids[i].is_string())
        throw Error("image config rootfs.diff_ids[" + std::to_string(i) + "] is not a string");
      c.diff_ids_.push_back(with_context("image config rootfs.diff_ids[" + std::to_string(i) + "]",
                                         [&] { return Digest::parse(ids[i].get<std::string>()); }));
    }
  }
  c.raw_ = std::move(raw);
  return c;
}

std::optional<TimePoint> ImageConfig::created() const {
  if (!doc_.contains("created") || !doc_["created"].is_string()) return std::nullopt;
  return parse_rfc3339(doc_["created"].get<std::string>());
}

Json ImageConfig::runtime_config() const {
  if (doc_.contains("config") && doc_["config"].is_object()) return doc_["config"];
  return Json::object();
}

Json ImageConfig::history() const {
  if (doc_.contains("history") && doc_["history"].is_array()) return doc_["history"];
  return Json::array();
}

std::vector<Digest> chain_ids(const std::vector<Digest>& diff_ids) {
  std::vector<Digest> out;
  for (const auto& diff : diff_ids) {
    if (out.empty()) {
      out.push_back(diff);
    } else {
      out.push_back(Digest::sha256_of(out.back().str() + " " + diff.str()));
    }
  }
  return out;
}

}  // namespace berth::image
