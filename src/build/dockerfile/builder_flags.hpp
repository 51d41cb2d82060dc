#pragma once
// The --flags of one instruction, checked against the ones it accepts (BuildKit's BFlags):
// `--name=value` only (a value after a space is an argument, not the flag's value), booleans
// as `--link`, `--link=true` or `--link=false`, repeatable flags such as --mount collected.
#include <map>
#include <string>
#include <vector>

namespace berth::build {

class BuilderFlags {
 public:
  explicit BuilderFlags(std::vector<std::string> words) : words_(std::move(words)) {}

  void add_bool(const std::string& name) { flags_[name] = {Type::kBool}; }
  void add_string(const std::string& name, std::string fallback = "") {
    flags_[name] = {Type::kString, std::move(fallback)};
  }
  void add_strings(const std::string& name) { flags_[name] = {Type::kStrings}; }

  // Throws InvalidArgumentError: "unknown flag: --foo", "missing a value on flag: --from", ...
  void parse();

  bool used(const std::string& name) const;
  bool boolean(const std::string& name) const;
  const std::string& string(const std::string& name) const;
  const std::vector<std::string>& strings(const std::string& name) const;

 private:
  enum class Type { kBool, kString, kStrings };
  struct Flag {
    Type type;
    std::string value;
    std::vector<std::string> values;
    bool used = false;
  };

  std::vector<std::string> words_;
  std::map<std::string, Flag> flags_;
};

}  // namespace berth::build
