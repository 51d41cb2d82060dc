#pragma once
// The image configuration (OCI image-spec config.json / Docker's container image JSON).
// Kept as the exact bytes it arrived in: its sha256 is the image ID.
#include <optional>
#include <string>
#include <vector>

#include "base/digest.hpp"
#include "base/json.hpp"
#include "base/time_format.hpp"

namespace berth::image {

class ImageConfig {
 public:
  // Validates rootfs.type == "layers" and the diff_ids; errors name the field.
  static ImageConfig parse(std::string raw);

  const std::string& raw() const { return raw_; }
  const Json& doc() const { return doc_; }
  Digest id() const { return Digest::sha256_of(raw_); }
  const std::vector<Digest>& diff_ids() const { return diff_ids_; }
  std::optional<TimePoint> created() const;
  std::string architecture() const { return doc_.value("architecture", ""); }
  std::string os() const { return doc_.value("os", ""); }
  // The runtime part ("config" object), or an empty object.
  Json runtime_config() const;
  Json history() const;

 private:
  std::string raw_;
  Json doc_;
  std::vector<Digest> diff_ids_;
};

// Chain IDs as the OCI image spec defines them: ChainID(L0) = DiffID(L0),
// ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)).
std::vector<Digest> chain_ids(const std::vector<Digest>& diff_ids);

}  // namespace berth::image
