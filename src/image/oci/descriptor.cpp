#include "image/oci/descriptor.hpp"

#include "base/error.hpp"
#include "image/oci/media_types.hpp"

namespace berth::image {
namespace {

Json parse_json(std::string_view bytes, std::string_view what) {
  try {
    return Json::parse(bytes);
  } catch (const Json::parse_error& e) {
    throw Error(std::string(what) + " is not valid JSON: " + e.what());
  }
}

std::map<std::string, std::string> parse_annotations(const Json& j) {
  std::map<std::string, std::string> out;
  if (j.contains("annotations") && j["annotations"].is_object()) {
    for (auto& [k, v] : j["annotations"].items()) {
      if (v.is_string()) out[k] = v.get<std::string>();
    }
  }
  return out;
}

}  // namespace

Descriptor parse_descriptor(const Json& j, std::string_view where) {
  if (!j.is_object()) throw Error(std::string(where) + ": descriptor is not an object");
  Descriptor d;
  if (!j.contains("digest") || !j["digest"].is_string()) {
    throw Error(std::string(where) + ": descriptor has no digest");
  }
  d.digest = with_context(std::string(where),
                          [&] { return Digest::parse(j["digest"].get<std::string>()); });
  if (j.contains("mediaType") && j["mediaType"].is_string()) d.media_type = j["mediaType"];
  if (!j.contains("size") || !j["size"].is_number_integer() || j["size"].get<int64_t>() < 0) {
    throw Error(std::string(where) + ": descriptor has no valid size");
  }
  d.size = j["size"].get<int64_t>();
  d.annotations = parse_annotations(j);
  if (j.contains("platform") && j["platform"].is_object()) {
    const auto& p = j["platform"];
    d.platform = Platform{p.value("architecture", ""), p.value("os", ""), p.value("variant", "")};
  }
  return d;
}

Json to_json(const Descriptor& d) {
  Json j = Json::object();
  j["mediaType"] = d.media_type;
  j["digest"] = d.digest.str();
  j["size"] = d.size;
  if (!d.annotations.empty()) j["annotations"] = d.annotations;
  if (d.platform) {
    Json p = {{"architecture", d.platform->architecture}, {"os", d.platform->os}};
    if (!d.platform->variant.empty()) p["variant"] = d.platform->variant;
    j["platform"] = p;
  }
  return j;
}

std::string declared_media_type(std::string_view bytes) {
  Json j = parse_json(bytes, "manifest");
  if (j.is_object() && j.contains("mediaType") && j["mediaType"].is_string()) {
    return j["mediaType"].get<std::string>();
  }
  return {};
}

Manifest parse_manifest(std::string_view bytes) {
  Json j = parse_json(bytes, "manifest");
  if (!j.is_object()) throw Error("manifest is not a JSON object");
  if (j.value("schemaVersion", 0) != 2) throw Error("manifest schemaVersion is not 2");
  Manifest m;
  m.media_type = j.value("mediaType", std::string(media_type::kOciManifest));
  if (!media_type::is_manifest(m.media_type)) {
    throw Error("manifest has unsupported mediaType \"" + m.media_type + "\"");
  }
  if (!j.contains("config")) throw Error("manifest has no config");
  m.config = parse_descriptor(j["config"], "manifest config");
  if (!j.contains("layers") || !j["layers"].is_array()) throw Error("manifest has no layers");
  for (size_t i = 0; i < j["layers"].size(); ++i) {
    m.layers.push_back(parse_descriptor(j["layers"][i], "manifest layer " + std::to_string(i)));
  }
  m.annotations = parse_annotations(j);
  return m;
}

std::string serialize(const Manifest& m) {
  Json j;
  j["schemaVersion"] = 2;
  j["mediaType"] = m.media_type;
  j["config"] = to_json(m.config);
  j["layers"] = Json::array();
  for (const auto& l : m.layers) j["layers"].push_back(to_json(l));
  if (!m.annotations.empty()) j["annotations"] = m.annotations;
  return j.dump();
}

Index parse_index(std::string_view bytes) {
  Json j = parse_json(bytes, "index");
  if (!j.is_object()) throw Error("index is not a JSON object");
  if (j.value("schemaVersion", 0) != 2) throw Error("index schemaVersion is not 2");
  Index idx;
  idx.media_type = j.value("mediaType", std::string(media_type::kOciIndex));
  if (!j.contains("manifests") || !j["manifests"].is_array()) throw Error("index has no manifests");
  for (size_t i = 0; i < j["manifests"].size(); ++i) {
    idx.manifests.push_back(
        parse_descriptor(j["manifests"][i], "index manifest " + std::to_string(i)));
  }
  idx.annotations = parse_annotations(j);
  return idx;
}

std::string serialize(const Index& i) {
  Json j;
  j["schemaVersion"] = 2;
  j["mediaType"] = i.media_type;
  j["manifests"] = Json::array();
  for (const auto& m : i.manifests) j["manifests"].push_back(to_json(m));
  if (!i.annotations.empty()) j["annotations"] = i.annotations;
  return j.dump();
}

}  // namespace berth::image
