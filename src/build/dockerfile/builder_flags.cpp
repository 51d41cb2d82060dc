#include "build/dockerfile/builder_flags.hpp"

#include "base/error.hpp"
#include "build/dockerfile/ascii_case.hpp"

namespace berth::build {

void BuilderFlags::parse() {
  for (const std::string& word : words_) {
    if (word.rfind("--", 0) != 0) throw InvalidArgumentError("arg should start with -- : " + word);
    if (word == "--") return;
    auto eq = word.find('=');
    bool has_value = eq != std::string::npos;
    std::string flag_name = word.substr(0, eq);
    std::string value = has_value ? word.substr(eq + 1) : "";
    auto it = flags_.find(flag_name.substr(2));
    if (it == flags_.end()) throw InvalidArgumentError("unknown flag: " + flag_name);
    Flag& flag = it->second;
    if (flag.used && flag.type != Type::kStrings) {
      throw InvalidArgumentError("duplicate flag specified: " + flag_name);
    }
    flag.used = true;
    switch (flag.type) {
      case Type::kBool: {
        if (has_value && value.empty()) {
          throw InvalidArgumentError("missing a value on flag: " + flag_name);
        }
        std::string lower;
        for (char c : value)
          lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower == "" || lower == "true") {
          flag.value = "true";
        } else if (lower == "false") {
          flag.value = "false";
        } else {
          throw InvalidArgumentError("expecting boolean value for flag " + flag_name +
                                     ", not: " + value);
        }
        break;
      }
      case Type::kString:
        if (!has_value) throw InvalidArgumentError("missing a value on flag: " + flag_name);
        flag.value = value;
        break;
      case Type::kStrings:
        if (!has_value) throw InvalidArgumentError("missing a value on flag: " + flag_name);
        flag.values.push_back(value);
        break;
    }
  }
}

bool BuilderFlags::used(const std::string& name) const {
  auto it = flags_.find(name);
  return it != flags_.end() && it->second.used;
}

bool BuilderFlags::boolean(const std::string& name) const {
  auto it = flags_.find(name);
  return it != flags_.end() && it->second.value == "true";
}

const std::string& BuilderFlags::string(const std::string& name) const {
  static const std::string kEmpty;
  auto it = flags_.find(name);
  return it == flags_.end() ? kEmpty : it->second.value;
}

const std::vector<std::string>& BuilderFlags::strings(const std::string& name) const {
  static const std::vector<std::string> kNone;
  auto it = flags_.find(name);
  return it == flags_.end() ? kNone : it->second.values;
}

}  // namespace berth::build
