#include "server/web/web_assets.hpp"

#include <stdexcept>

#include "base/digest.hpp"

namespace berth::server {

namespace {

std::string_view content_type_of(std::string_view name) {
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

}  // namespace

WebAssets::WebAssets() {
  for (const auto& asset : embedded_assets()) {
    const std::string digest = Digest::sha256_of(asset.content).hex().substr(0, 12);
    const auto dot = asset.name.rfind('.');
    std::string url = "/assets/" + std::string(asset.name.substr(0, dot)) + "." + digest +
                      std::string(asset.name.substr(dot));
    by_url_[url] = Served{asset.content, content_type_of(asset.name), "\"" + digest + "\""};
    urls_[std::string(asset.name)] = std::move(url);
  }
}

const std::string& WebAssets::url(std::string_view name) const {
  auto it = urls_.find(name);
  if (it == urls_.end()) throw std::logic_error("no embedded web asset " + std::string(name));
  return it->second;
}

bool WebAssets::serve(Exchange& ex) const {
  if (!ex.path().starts_with("/assets/")) return false;
  const auto method = ex.request().method();
  auto it = by_url_.find(ex.path());
  if (it == by_url_.end() || (method != http::verb::get && method != http::verb::head)) {
    ex.respond(http::status::not_found, "text/plain; charset=utf-8", "Not found\n");
    return true;
  }
  const auto& served = it->second;
  // The name carries the digest: what it names never changes.
  std::vector<std::pair<std::string, std::string>> headers{
      {"Cache-Control", "public, max-age=31536000, immutable"},
      {"ETag", served.etag},
      {"X-Content-Type-Options", "nosniff"}};
  if (ex.request()[http::field::if_none_match] == served.etag) {
    ex.respond(http::status::not_modified, served.content_type, "", headers);
    return true;
  }
  ex.respond(http::status::ok, served.content_type, std::string(served.content), headers);
  return true;
}

}  // namespace berth::server
