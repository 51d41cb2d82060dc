#include "runtime/name_resolution_options.hpp"

#include <arpa/inet.h>

#include <regex>

#include "base/error.hpp"

namespace berth::runtime {
namespace {

std::string trim(const std::string& s, const char* set) {
  auto first = s.find_first_not_of(set);
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(set) - first + 1);
}

// Go's net.ParseIP in canonical form; empty when `text` is not an address.
std::string canonical_ip(const std::string& text) {
  unsigned char buf[16];
  char out[INET6_ADDRSTRLEN] = {};
  if (::inet_pton(AF_INET, text.c_str(), buf) == 1) {
    return ::inet_ntop(AF_INET, buf, out, sizeof out) ? out : "";
  }
  if (::inet_pton(AF_INET6, text.c_str(), buf) == 1) {
    return ::inet_ntop(AF_INET6, buf, out, sizeof out) ? out : "";
  }
  return "";
}

}  // namespace

std::string validate_extra_host(const std::string& text) {
  auto sep = text.find('=');
  if (sep == std::string::npos) sep = text.find(':');
  std::string name = sep == std::string::npos ? "" : text.substr(0, sep);
  if (name.empty() || name.find(':') != std::string::npos) {
    throw InvalidArgumentError("bad format for add-host: \"" + text + "\"", 125);
  }
  std::string ip = text.substr(sep + 1);
  if (ip != kHostGateway) {
    if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
    // Docker checks the address but keeps the form the user wrote.
    if (canonical_ip(trim(ip, " \t\n")).empty()) {
      throw InvalidArgumentError("invalid IP address in add-host: \"" + ip + "\"", 125);
    }
  }
  return name + ":" + ip;
}

ExtraHost split_extra_host(const std::string& entry) {
  auto colon = entry.find(':');
  if (colon == std::string::npos) return {entry, ""};
  return {entry.substr(0, colon), entry.substr(colon + 1)};
}

std::string validate_dns_server(const std::string& text) {
  std::string ip = canonical_ip(trim(text, " \t\n"));
  if (ip.empty()) throw InvalidArgumentError("IP address is not correctly formatted: " + text, 125);
  return ip;
}

std::string validate_dns_search(const std::string& text) {
  std::string domain = trim(text, " ");
  if (domain == ".") return domain;
  static const std::regex kLetter("[a-zA-Z]");
  static const std::regex kDomain(
      R"(^((?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*)\.?\s*$)");
  std::smatch match;
  if (std::regex_search(domain, kLetter) && std::regex_match(domain, match, kDomain) &&
      match[1].length() < 255) {
    return match[1].str();
  }
  throw InvalidArgumentError(domain + " is not a valid domain", 125);
}

}  // namespace berth::runtime
