#include "spaces/hub_names.hpp"

#include <algorithm>
#include <string>

#include "base/error.hpp"

namespace berth::spaces {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

bool is_valid_user_name(std::string_view name) {
  if (name.empty() || name.size() > 39 || !is_alnum(name[0])) return false;
  if (name.find("--") != std::string_view::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return is_alnum(c) || c == '-'; });
}

bool is_valid_repo_name(std::string_view name) {
  if (name.empty() || name.size() > 96 || !is_alnum(name[0])) return false;
  if (name.find("--") != std::string_view::npos || name.find("..") != std::string_view::npos) {
    return false;
  }
  if (name.back() == '-' || name.back() == '.' || name.ends_with(".git")) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return is_alnum(c) || c == '.' || c == '_' || c == '-'; });
}

bool is_valid_env_key(std::string_view key) {
  if (key.empty() || !is_alpha(key[0])) return false;
  return std::all_of(key.begin(), key.end(), [](char c) { return is_alnum(c) || c == '_'; });
}

void check_user_name(std::string_view name) {
  if (is_valid_user_name(name)) return;
  throw InvalidArgumentError("invalid user name \"" + std::string(name) +
                             "\": use letters, digits and '-' (not first, not \"--\"), at most "
                             "39 characters");
}

void check_repo_name(std::string_view name) {
  if (is_valid_repo_name(name)) return;
  throw InvalidArgumentError(
      "invalid repo name \"" + std::string(name) +
      "\": use letters, digits, '-', '_' and '.'; '--' and '..' are forbidden, it must start with "
      "a letter or digit, cannot end in '-', '.' or '.git', and has at most 96 characters");
}

void check_env_key(std::string_view key) {
  if (is_valid_env_key(key)) return;
  throw InvalidArgumentError("invalid key \"" + std::string(key) +
                             "\": keys must match ^[a-zA-Z][_a-zA-Z0-9]*$");
}

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string lowercase(std::string_view name) {
  std::string out(name);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace berth::spaces
