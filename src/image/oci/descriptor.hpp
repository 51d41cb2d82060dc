#pragma once
// OCI content descriptors, manifests and indexes (Docker's schema 2 shares the same shape).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/digest.hpp"
#include "base/json.hpp"

namespace berth::image {

struct Platform {
  std::string architecture;
  std::string os;
  std::string variant;
};

struct Descriptor {
  std::string media_type;
  Digest digest;
  int64_t size = 0;
  std::map<std::string, std::string> annotations;
  std::optional<Platform> platform;
};

struct Manifest {
  std::string media_type;  // kOciManifest or kDockerManifest
  Descriptor config;
  std::vector<Descriptor> layers;
  std::map<std::string, std::string> annotations;
};

struct Index {
  std::string media_type;  // kOciIndex or kDockerManifestList
  std::vector<Descriptor> manifests;
  std::map<std::string, std::string> annotations;
};

// Parsers validate the fields Berth relies on and name the offending field in their errors.
Descriptor parse_descriptor(const Json& j, std::string_view where);
Json to_json(const Descriptor& d);
Manifest parse_manifest(std::string_view bytes);
std::string serialize(const Manifest& m);
Index parse_index(std::string_view bytes);
std::string serialize(const Index& i);
// The mediaType a manifest or index document declares (empty when absent).
std::string declared_media_type(std::string_view bytes);

}  // namespace berth::image
