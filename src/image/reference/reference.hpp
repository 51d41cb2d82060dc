#pragma once
// Image references ("python", "localhost:5000/app:v1", "name@sha256:…") parsed and normalized
// the way Docker does: the distribution reference grammar plus Docker Hub's defaults
// (docker.io, the "library/" namespace for official images, tag "latest").
#include <optional>
#include <string>
#include <string_view>

#include "base/digest.hpp"

namespace berth::image {

class Reference {
 public:
  // Parses and normalizes; throws InvalidArgumentError with Docker's wording on bad input.
  static Reference parse(std::string_view text);
  // Like parse but returns nullopt instead of throwing.
  static std::optional<Reference> try_parse(std::string_view text);
  // True when the text is a 64-hex image ID or "sha256:<64hex>": such strings are never names.
  static bool looks_like_full_id(std::string_view text);
  // True when the text is a valid tag (`[\w][\w.-]{0,127}`).
  static bool is_valid_tag(std::string_view tag);

  const std::string& domain() const { return domain_; }
  const std::string& path() const { return path_; }
  const std::optional<std::string>& tag() const { return tag_; }
  const std::optional<Digest>& digest() const { return digest_; }

  // "docker.io/library/python"
  std::string name() const;
  // "docker.io/library/python:3.11", plus "@sha256:…" when a digest is present.
  std::string str() const;
  // The short form Docker shows: "python", "user/app", "localhost/x", "host:5000/a/b".
  std::string familiar_name() const;
  // familiar_name() plus ":tag" and "@digest" where present.
  std::string familiar() const;
  // A copy with another tag (the digest, if any, is kept, as Docker's WithTag does).
  Reference with_tag(std::string tag) const;
  // A copy with neither tag nor digest: the repository alone.
  Reference without_tag_or_digest() const;

  friend bool operator==(const Reference&, const Reference&) = default;

 private:
  Reference() = default;

  std::string domain_;
  std::string path_;
  std::optional<std::string> tag_;
  std::optional<Digest> digest_;
};

}  // namespace berth::image
