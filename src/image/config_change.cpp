#include "image/config_change.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "base/error.hpp"

namespace berth::image {
namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

// Exec form `["a","b"]` when it is a JSON array of strings, else shell form `/bin/sh -c …`,
// exactly as Docker falls back.
Json command_form(const std::string& args) {
  if (!args.empty() && args[0] == '[') {
    try {
      Json j = Json::parse(args);
      if (j.is_array() &&
          std::all_of(j.begin(), j.end(), [](const Json& v) { return v.is_string(); })) {
        return j;
      }
    } catch (const Json::parse_error&) {
    }
  }
  return Json::array({"/bin/sh", "-c", args});
}

// Splits `a=1 b="x y"` (or the legacy `KEY value` form) into key/value pairs.
std::vector<std::pair<std::string, std::string>> key_values(const std::string& args,
                                                            const std::string& instruction) {
  std::vector<std::pair<std::string, std::string>> out;
  auto first_space = args.find_first_of(" \t");
  auto first_eq = args.find('=');
  if (first_eq == std::string::npos ||
      (first_space != std::string::npos && first_space < first_eq)) {
    if (first_space == std::string::npos) {
      throw InvalidArgumentError(instruction + " requires at least one argument... got \"" + args +
                                 "\"");
    }
    out.emplace_back(args.substr(0, first_space), trim(args.substr(first_space)));
    return out;
  }
  size_t i = 0;
  while (i < args.size()) {
    while (i < args.size() && std::isspace(static_cast<unsigned char>(args[i]))) ++i;
    if (i >= args.size()) break;
    std::string word;
    char quote = 0;
    for (; i < args.size(); ++i) {
      char c = args[i];
      if (quote) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < args.size()) {
          word.push_back(args[++i]);
        } else {
          word.push_back(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '\\' && i + 1 < args.size()) {
        word.push_back(args[++i]);
      } else if (std::isspace(static_cast<unsigned char>(c))) {
        break;
      } else {
        word.push_back(c);
      }
    }
    if (quote) throw InvalidArgumentError(instruction + ": unterminated quote in \"" + args + "\"");
    auto eq = word.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw InvalidArgumentError(instruction + " names can not be blank or lack \"=\": \"" + word +
                                 "\"");
    }
    out.emplace_back(word.substr(0, eq), word.substr(eq + 1));
  }
  return out;
}

std::vector<std::string> words_or_json(const std::string& args) {
  Json j = command_form(args);
  if (j.size() == 3 && j[0] == "/bin/sh" && j[1] == "-c") {
    std::vector<std::string> out;
    std::string w;
    for (char c : args) {
      if (std::isspace(static_cast<unsigned char>(c))) {
        if (!w.empty()) out.push_back(w);
        w.clear();
      } else {
        w.push_back(c);
      }
    }
    if (!w.empty()) out.push_back(w);
    return out;
  }
  return j.get<std::vector<std::string>>();
}

}  // namespace

void apply_config_change(Json& config, const std::string& change) {
  std::string text = trim(change);
  auto space = text.find_first_of(" \t");
  std::string instruction = upper(text.substr(0, space));
  std::string args = space == std::string::npos ? "" : trim(text.substr(space));
  static const std::vector<std::string> kAllowed = {"CMD",    "ENTRYPOINT", "ENV",        "EXPOSE",
                                                    "LABEL",  "ONBUILD",    "STOPSIGNAL", "USER",
                                                    "VOLUME", "WORKDIR"};
  if (std::find(kAllowed.begin(), kAllowed.end(), instruction) == kAllowed.end()) {
    throw InvalidArgumentError(instruction + " is not a valid change command");
  }
  if (args.empty()) {
    throw InvalidArgumentError("change \"" + text + "\": " + instruction + " requires an argument");
  }
  if (instruction == "CMD") {
    config["Cmd"] = command_form(args);
  } else if (instruction == "ENTRYPOINT") {
    config["Entrypoint"] = command_form(args);
  } else if (instruction == "ENV") {
    Json env = config.contains("Env") && config["Env"].is_array() ? config["Env"] : Json::array();
    for (const auto& [k, v] : key_values(args, "ENV")) {
      std::string prefix = k + "=";
      Json kept = Json::array();
      for (const auto& e : env) {
        if (!(e.is_string() && e.get<std::string>().rfind(prefix, 0) == 0)) kept.push_back(e);
      }
      kept.push_back(prefix + v);
      env = kept;
    }
    config["Env"] = env;
  } else if (instruction == "LABEL") {
    for (const auto& [k, v] : key_values(args, "LABEL")) config["Labels"][k] = v;
  } else if (instruction == "EXPOSE") {
    for (auto port : words_or_json(args)) {
      if (port.find('/') == std::string::npos) port += "/tcp";
      config["ExposedPorts"][port] = Json::object();
    }
  } else if (instruction == "VOLUME") {
    for (const auto& v : words_or_json(args)) config["Volumes"][v] = Json::object();
  } else if (instruction == "USER") {
    config["User"] = args;
  } else if (instruction == "WORKDIR") {
    config["WorkingDir"] = args;
  } else if (instruction == "STOPSIGNAL") {
    config["StopSignal"] = args;
  } else if (instruction == "ONBUILD") {
    config["OnBuild"].push_back(args);
  }
}

}  // namespace berth::image
