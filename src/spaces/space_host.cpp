#include "spaces/space_host.hpp"

#include <sys/random.h>

#include <cerrno>

#include "base/digest.hpp"
#include "base/error.hpp"
#include "spaces/hub_names.hpp"

namespace berth::spaces {

std::string plain_host_label(std::string_view owner, std::string_view name) {
  std::string label = lowercase(std::string(owner) + "-" + std::string(name));
  for (char& c : label) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!allowed) c = '-';
  }
  if (label.size() <= kMaxHostLabel) return label;
  auto hash = Digest::sha256_of(lowercase(std::string(owner) + "/" + std::string(name)));
  return suffixed_host_label(label, hash.hex().substr(0, 6));
}

std::string suffixed_host_label(std::string_view plain, std::string_view suffix) {
  std::string head(plain.substr(0, kMaxHostLabel - suffix.size() - 1));
  // A label may not end in '-' before the suffix's own: "a--suffix" reads as a hot-reload
  // port on the Hub ("{subdomain}--{port}").
  while (!head.empty() && head.back() == '-') head.pop_back();
  return head + "-" + std::string(suffix);
}

std::string random_label_suffix() {
  unsigned char bytes[4];
  size_t got = 0;
  while (got < sizeof bytes) {
    ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("getrandom");
    got += static_cast<size_t>(n);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xf];
  }
  return out;
}

}  // namespace berth::spaces
