#pragma once
// The web UI's stylesheet, script and icon, embedded in the binary (embed_assets.cmake) and
// served under names that carry their digest (/assets/berth.3f2a9c1b0d4e.css): a browser may
// cache them for good, and a new build's pages name new URLs.
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "server/http/exchange.hpp"

namespace berth::server {

struct EmbeddedAsset {
  std::string_view name;  // "berth.css"
  std::string_view content;
};

// Defined in the generated web_assets_embedded.cpp.
std::span<const EmbeddedAsset> embedded_assets();

class WebAssets {
 public:
  WebAssets();

  // The URL of an embedded asset by its name; throws std::logic_error for one that is not
  // embedded (a page naming a missing asset is a bug, not a request's fault).
  const std::string& url(std::string_view name) const;
  // Answers GET and HEAD of /assets/…; false for other paths.
  bool serve(Exchange& ex) const;

 private:
  struct Served {
    std::string_view content;
    std::string_view content_type;
    std::string etag;
  };
  std::map<std::string, std::string, std::less<>> urls_;  // name → URL
  std::map<std::string, Served, std::less<>> by_url_;
};

}  // namespace berth::server
