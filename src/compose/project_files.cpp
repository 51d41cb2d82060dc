#include "compose/project_files.hpp"

#include <filesystem>

namespace berth::compose {

std::vector<std::string> find_compose_files(const std::string& start, std::string& warning) {
  namespace fs = std::filesystem;
  static const char* kNames[] = {"compose.yaml", "compose.yml", "docker-compose.yaml",
                                 "docker-compose.yml"};
  static const char* kOverrides[] = {"compose.override.yaml", "compose.override.yml",
                                     "docker-compose.override.yaml", "docker-compose.override.yml"};
  fs::path dir = fs::path(start).lexically_normal();
  for (int depth = 0; depth < 256; ++depth) {
    std::vector<std::string> found;
    std::error_code ec;
    for (const char* name : kNames) {
      if (fs::is_regular_file(dir / name, ec)) found.push_back((dir / name).string());
    }
    if (!found.empty()) {
      if (found.size() > 1) {
        warning = "Found multiple config files with supported names: ";
        for (size_t i = 0; i < found.size(); ++i) warning += (i ? ", " : "") + found[i];
        warning += "\nUsing " + found[0];
      }
      std::vector<std::string> files{found[0]};
      for (const char* name : kOverrides) {
        if (fs::is_regular_file(dir / name, ec)) {
          files.push_back((dir / name).string());
          break;
        }
      }
      return files;
    }
    if (!dir.has_parent_path() || dir.parent_path() == dir) break;
    dir = dir.parent_path();
  }
  return {};
}

std::string normalize_project_name(const std::string& name) {
  std::string out;
  for (char c : name) {
    char l = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '_' || l == '-') out += l;
  }
  size_t first = out.find_first_not_of("_-");
  return first == std::string::npos ? "" : out.substr(first);
}

bool valid_project_name(const std::string& name) {
  return !name.empty() && normalize_project_name(name) == name;
}

}  // namespace berth::compose
