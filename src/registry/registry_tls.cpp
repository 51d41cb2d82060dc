#include "registry/registry_tls.hpp"

#include <algorithm>
#include <vector>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::registry {

namespace fs = std::filesystem;

namespace {

constexpr const char* kSystemBundle = "/etc/ssl/certs/ca-certificates.crt";

}  // namespace

RegistryTls registry_tls(std::string_view host, const fs::path& certs_dir) {
  RegistryTls tls;
  fs::path dir = certs_dir / std::string(host);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return tls;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::string cas;
  for (const auto& file : files) {
    auto ext = file.extension();
    if (ext == ".crt") {
      cas += read_file(file) + "\n";
    } else if (ext == ".cert") {
      auto key = fs::path(file).replace_extension(".key");
      if (!fs::exists(key))
        throw Error("missing key " + key.string() + " for client certificate " + file.string());
      tls.client_cert = file;
      tls.client_key = key;
    } else if (ext == ".key") {
      auto cert = fs::path(file).replace_extension(".cert");
      if (!fs::exists(cert))
        throw Error("missing client certificate " + cert.string() + " for key " + file.string());
    }
  }
  if (!cas.empty()) {
    std::string system;
    if (fs::exists(kSystemBundle, ec)) system = read_file(kSystemBundle);
    tls.ca_bundle = system + "\n" + cas;
  }
  return tls;
}

}  // namespace berth::registry
