#include "build/dockerfile/instruction_parser.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "base/error.hpp"
#include "base/go_parse_int.hpp"
#include "base/go_quote.hpp"
#include "build/dockerfile/ascii_case.hpp"
#include "build/dockerfile/builder_flags.hpp"
#include "build/dockerfile/go_duration.hpp"
#include "build/dockerfile/heredoc.hpp"
#include "build/dockerfile/line_split.hpp"
#include "build/dockerfile/octal_mode.hpp"

namespace berth::build {

namespace {

InvalidArgumentError at_least_one_argument(const std::string& keyword) {
  return InvalidArgumentError(keyword + " requires at least one argument");
}
InvalidArgumentError exactly_one_argument(const std::string& keyword) {
  return InvalidArgumentError(keyword + " requires exactly one argument");
}

// Everything one instruction parser needs to know about its line.
struct Request {
  std::string keyword;  // upper-case
  SplitLine split;
  const LogicalLine& line;
  char escape;
  const std::string& file;
  std::vector<Warning>& warnings;
};

CommandLine command_line(const std::string& rest) {
  if (auto json = parse_json_string_array(rest)) return {std::move(*json), true};
  return {{rest}, false};
}

std::vector<std::string> json_or_blank_separated(const std::string& rest) {
  if (auto json = parse_json_string_array(rest)) return std::move(*json);
  if (rest.empty()) return {};
  return split_blanks(rest);
}

// ENV and LABEL: `KEY value` (legacy, one pair) or `KEY=value ...`.
std::vector<KeyValue> name_values(const Request& r) {
  std::vector<std::string> words = split_words_keeping_quotes(r.split.rest, r.escape);
  if (words.empty()) throw at_least_one_argument(r.keyword);
  std::vector<KeyValue> pairs;
  if (words[0].find('=') == std::string::npos) {
    std::vector<std::string> parts = split_blanks(r.split.rest, 2);
    if (parts.size() < 2) throw InvalidArgumentError(r.keyword + " must have two arguments");
    pairs.push_back({parts[0], parts[1]});
  } else {
    for (const std::string& word : words) {
      auto eq = word.find('=');
      if (eq == std::string::npos) {
        throw InvalidArgumentError("Syntax error - can't find = in " + go_quote(word) +
                                   ". Must be of the form: name=value");
      }
      pairs.push_back({word.substr(0, eq), word.substr(eq + 1)});
    }
  }
  for (const KeyValue& pair : pairs) {
    if (pair.key.empty()) throw InvalidArgumentError(r.keyword + " names can not be blank");
  }
  return pairs;
}

std::string single_argument(const Request& r) {
  if (r.split.rest.empty()) throw exactly_one_argument(r.keyword);
  return r.split.rest;
}

BuilderFlags no_flags(const Request& r) {
  BuilderFlags flags(r.split.flags);
  flags.parse();
  return flags;
}

FromInstruction parse_from(const Request& r) {
  std::vector<std::string> args =
      r.split.rest.empty() ? std::vector<std::string>{} : split_blanks(r.split.rest);
  FromInstruction from;
  if (args.size() == 3 && ascii_lower(args[1]) == "as") {
    from.stage_name = ascii_lower(args[2]);
    // ^[a-z][a-z0-9-_.]*$
    bool valid = std::islower(static_cast<unsigned char>(from.stage_name[0])) &&
                 std::all_of(from.stage_name.begin(), from.stage_name.end(), [](char c) {
                   return std::islower(static_cast<unsigned char>(c)) ||
                          std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                          c == '.';
                 });
    if (!valid) {
      throw InvalidArgumentError("invalid name for build stage: " + go_quote(args[2]) +
                                 ", name can't start with a number or contain symbols");
    }
  } else if (args.size() != 1) {
    throw InvalidArgumentError("FROM requires either one or three arguments");
  }
  from.image = args[0];
  BuilderFlags flags(r.split.flags);
  flags.add_string("platform");
  flags.parse();
  from.platform = flags.string("platform");
  return from;
}

RunInstruction parse_run(const Request& r) {
  BuilderFlags flags(r.split.flags);
  flags.add_strings("mount");
  flags.add_string("network", "default");
  flags.add_string("security", "sandbox");
  flags.parse();

  RunInstruction run;
  run.mount_specs = flags.strings("mount");
  for (const std::string& spec : run.mount_specs) run.mounts.push_back(parse_run_mount(spec));
  const std::string& network = flags.string("network");
  if (network == "default") {
    run.network = NetworkMode::kDefault;
  } else if (network == "none") {
    run.network = NetworkMode::kNone;
  } else if (network == "host") {
    run.network = NetworkMode::kHost;
  } else {
    throw InvalidArgumentError("network mode " + go_quote(network) + " not supported");
  }
  const std::string& security = flags.string("security");
  if (security == "insecure") {
    throw InvalidArgumentError("RUN --security=insecure is not supported yet");
  }
  if (security != "sandbox") {
    throw InvalidArgumentError("security mode " + go_quote(security) + " not supported");
  }
  run.command = command_line(r.split.rest);
  if (!run.command.exec_form) run.heredocs = r.line.heredocs;
  return run;
}

void warn_shell_form(const Request& r, const CommandLine& command) {
  if (command.exec_form) return;
  r.warnings.push_back({r.line.start_line, "JSONArgsRecommended",
                        "JSON arguments recommended for " + r.keyword +
                            " to prevent unintended behavior related to OS signals"});
}

ShellInstruction parse_shell(const Request& r) {
  no_flags(r);
  auto json = parse_json_string_array(r.split.rest);
  if (json && json->empty()) throw at_least_one_argument("SHELL");
  if (!json) {
    if (r.split.rest.empty()) throw at_least_one_argument("SHELL");
    throw InvalidArgumentError("SHELL requires the arguments to be in JSON form");
  }
  return {std::move(*json)};
}

ExposeInstruction parse_expose(const Request& r) {
  if (r.split.rest.empty()) throw at_least_one_argument("EXPOSE");
  no_flags(r);
  return {split_blanks(r.split.rest)};
}

// Sources and destination of COPY/ADD; heredoc words become inline files.
template <typename T>
void sources_and_destination(const Request& r, const std::vector<std::string>& args, T& out) {
  out.destination = args.back();
  if (parse_heredoc_word(out.destination)) {
    throw InvalidArgumentError(r.keyword + " cannot accept a heredoc as a destination");
  }
  std::map<std::string, const Heredoc*> bodies;
  for (const Heredoc& heredoc : r.line.heredocs) bodies.emplace(heredoc.name, &heredoc);
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (auto heredoc = parse_heredoc_word(args[i])) {
      auto body = bodies.find(heredoc->name);
      if (body != bodies.end()) heredoc->content = body->second->content;
      out.inline_sources.push_back(std::move(*heredoc));
    } else {
      out.sources.push_back(args[i]);
    }
  }
}

std::vector<std::string> copy_arguments(const Request& r) {
  std::vector<std::string> args = json_or_blank_separated(r.split.rest);
  if (args.size() < 2) {
    throw InvalidArgumentError(r.keyword +
                               " requires at least two arguments, but only one was provided. "
                               "Destination could not be determined");
  }
  return args;
}

std::optional<std::uint32_t> literal_mode(const std::string& chmod) {
  if (chmod.empty() || chmod.find('$') != std::string::npos) return std::nullopt;
  return parse_chmod(chmod);
}

AddInstruction parse_add(const Request& r) {
  std::vector<std::string> args = copy_arguments(r);
  BuilderFlags flags(r.split.flags);
  flags.add_strings("exclude");
  flags.add_string("chown");
  flags.add_string("chmod");
  flags.add_bool("link");
  flags.add_bool("keep-git-dir");
  flags.add_string("checksum");
  flags.add_bool("unpack");
  flags.parse();
  AddInstruction add;
  sources_and_destination(r, args, add);
  add.chown = flags.string("chown");
  add.chmod = flags.string("chmod");
  add.mode = literal_mode(add.chmod);
  add.checksum = flags.string("checksum");
  add.excludes = flags.strings("exclude");
  add.link = flags.boolean("link");
  add.keep_git_dir = flags.boolean("keep-git-dir");
  if (flags.used("unpack")) add.unpack = flags.boolean("unpack");
  return add;
}

CopyInstruction parse_copy(const Request& r) {
  std::vector<std::string> args = copy_arguments(r);
  BuilderFlags flags(r.split.flags);
  flags.add_strings("exclude");
  flags.add_bool("parents");
  flags.add_string("chown");
  flags.add_string("from");
  flags.add_string("chmod");
  flags.add_bool("link");
  flags.parse();
  CopyInstruction copy;
  sources_and_destination(r, args, copy);
  copy.from = flags.string("from");
  copy.chown = flags.string("chown");
  copy.chmod = flags.string("chmod");
  copy.mode = literal_mode(copy.chmod);
  copy.excludes = flags.strings("exclude");
  copy.link = flags.boolean("link");
  copy.parents = flags.boolean("parents");
  return copy;
}

VolumeInstruction parse_volume(const Request& r) {
  std::vector<std::string> args = json_or_blank_separated(r.split.rest);
  if (args.empty()) throw at_least_one_argument("VOLUME");
  no_flags(r);
  VolumeInstruction volume;
  for (std::string path : args) {
    auto first = path.find_first_not_of(" \t\n\r\v\f");
    auto last = path.find_last_not_of(" \t\n\r\v\f");
    path = first == std::string::npos ? "" : path.substr(first, last - first + 1);
    if (path.empty()) throw InvalidArgumentError("VOLUME specified can not be an empty string");
    volume.paths.push_back(path);
  }
  return volume;
}

ArgInstruction parse_arg(const Request& r) {
  std::vector<std::string> words = split_words_keeping_quotes(r.split.rest, r.escape);
  if (words.empty()) throw at_least_one_argument("ARG");
  no_flags(r);
  ArgInstruction arg;
  for (const std::string& word : words) {
    auto eq = word.find('=');
    if (eq == 0) throw InvalidArgumentError("ARG names can not be blank");
    if (eq == std::string::npos) {
      arg.args.push_back({word, std::nullopt});
    } else {
      arg.args.push_back({word.substr(0, eq), word.substr(eq + 1)});
    }
  }
  return arg;
}

std::chrono::nanoseconds healthcheck_interval(const BuilderFlags& flags, const std::string& name) {
  const std::string& value = flags.string(name);
  if (value.empty()) return std::chrono::nanoseconds(0);
  auto duration = parse_go_duration(value);
  if (duration.count() != 0 && duration < std::chrono::milliseconds(1)) {
    throw InvalidArgumentError("Interval " + go_quote(name) + " cannot be less than 1ms");
  }
  return duration;
}

HealthcheckInstruction parse_healthcheck(const Request& r) {
  const std::string& rest = r.split.rest;
  if (rest.empty()) throw at_least_one_argument("HEALTHCHECK");
  std::size_t sep = 0;
  while (sep < rest.size() && !std::isspace(static_cast<unsigned char>(rest[sep]))) ++sep;
  std::size_t args_at = sep;
  while (args_at < rest.size() && std::isspace(static_cast<unsigned char>(rest[args_at]))) {
    ++args_at;
  }
  std::string type = ascii_upper(rest.substr(0, sep));
  std::string args = rest.substr(args_at);

  HealthcheckInstruction health;
  if (type == "NONE") {
    if (!args.empty()) throw InvalidArgumentError("HEALTHCHECK NONE takes no arguments");
    health.disabled = true;
    health.test = {"NONE"};
    return health;
  }
  BuilderFlags flags(r.split.flags);
  flags.add_string("interval");
  flags.add_string("timeout");
  flags.add_string("start-period");
  flags.add_string("start-interval");
  flags.add_string("retries");
  flags.parse();
  if (type != "CMD") {
    throw InvalidArgumentError("Unknown type " + go_quote(type) + " in HEALTHCHECK (try CMD)");
  }
  CommandLine command = command_line(args);
  if (args.empty() || (command.exec_form && command.args.empty())) {
    throw InvalidArgumentError("Missing command after HEALTHCHECK CMD");
  }
  health.test = {command.exec_form ? "CMD" : "CMD-SHELL"};
  health.test.insert(health.test.end(), command.args.begin(), command.args.end());
  health.interval = healthcheck_interval(flags, "interval");
  health.timeout = healthcheck_interval(flags, "timeout");
  health.start_period = healthcheck_interval(flags, "start-period");
  health.start_interval = healthcheck_interval(flags, "start-interval");
  const std::string& retries = flags.string("retries");
  if (!retries.empty()) {
    auto parsed = go_parse_int(retries, 32);
    if (parsed.failure) throw InvalidArgumentError(parsed.message());
    int64_t n = parsed.value;
    if (n < 0) {
      throw InvalidArgumentError("--retries cannot be negative (" + std::to_string(n) + ")");
    }
    health.retries = static_cast<int>(n);
  }
  return health;
}

OnbuildInstruction parse_onbuild(const Request& r) {
  if (r.split.rest.empty()) throw at_least_one_argument("ONBUILD");
  no_flags(r);
  std::string trigger = ascii_upper(split_line(r.split.rest).keyword);
  if (trigger == "ONBUILD") {
    throw InvalidArgumentError("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
  }
  if (trigger == "MAINTAINER" || trigger == "FROM") {
    throw InvalidArgumentError(trigger + " isn't allowed as an ONBUILD trigger");
  }
  OnbuildInstruction onbuild;
  // The line without its leading "ONBUILD" and blanks, then each heredoc body and terminator.
  std::string_view text = r.line.text;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  text.remove_prefix(std::min<std::size_t>(7, text.size()));
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  onbuild.expression = std::string(text);
  for (const Heredoc& heredoc : r.line.heredocs) {
    onbuild.expression += "\n" + heredoc.content + heredoc.name;
  }
  LogicalLine trigger_line{r.split.rest, r.line.start_line, r.line.end_line, r.line.heredocs};
  onbuild.trigger = std::make_shared<const Instruction>(
      parse_instruction(trigger_line, r.escape, r.file, r.warnings));
  return onbuild;
}

InstructionBody parse_body(const Request& r) {
  const std::string& k = r.keyword;
  if (k == "FROM") return parse_from(r);
  if (k == "RUN") return parse_run(r);
  if (k == "CMD" || k == "ENTRYPOINT") {
    no_flags(r);
    CommandLine command = command_line(r.split.rest);
    warn_shell_form(r, command);
    if (k == "CMD") return CmdInstruction{std::move(command)};
    return EntrypointInstruction{std::move(command)};
  }
  if (k == "SHELL") return parse_shell(r);
  if (k == "LABEL") {
    no_flags(r);
    return LabelInstruction{name_values(r)};
  }
  if (k == "ENV") {
    no_flags(r);
    return EnvInstruction{name_values(r)};
  }
  if (k == "EXPOSE") return parse_expose(r);
  if (k == "ADD") return parse_add(r);
  if (k == "COPY") return parse_copy(r);
  if (k == "VOLUME") return parse_volume(r);
  if (k == "USER") {
    std::string user = single_argument(r);
    no_flags(r);
    return UserInstruction{user};
  }
  if (k == "WORKDIR") {
    std::string path = single_argument(r);
    no_flags(r);
    return WorkdirInstruction{path};
  }
  if (k == "ARG") return parse_arg(r);
  if (k == "STOPSIGNAL") {
    std::string signal = single_argument(r);
    no_flags(r);
    return StopSignalInstruction{signal};
  }
  if (k == "HEALTHCHECK") return parse_healthcheck(r);
  if (k == "MAINTAINER") {
    std::string name = single_argument(r);
    no_flags(r);
    r.warnings.push_back({r.line.start_line, "MaintainerDeprecated",
                          "Maintainer instruction is deprecated in favor of using label"});
    return MaintainerInstruction{name};
  }
  if (k == "ONBUILD") return parse_onbuild(r);
  throw InvalidArgumentError("unknown instruction: " + r.split.keyword);
}

}  // namespace

Instruction parse_instruction(const LogicalLine& line, char escape, const std::string& file,
                              std::vector<Warning>& warnings) {
  SplitLine split = split_line(line.text);
  Request request{ascii_upper(split.keyword), std::move(split), line, escape, file, warnings};
  Instruction instruction;
  instruction.keyword = request.keyword;
  instruction.text = line.text;
  instruction.where = {file, line.start_line};
  instruction.end_line = line.end_line;
  try {
    instruction.body = parse_body(request);
  } catch (const SourceError&) {
    throw;  // already located (an ONBUILD trigger)
  } catch (const InvalidArgumentError& e) {
    throw SourceError(
        {file, line.start_line},
        "dockerfile parse error on line " + std::to_string(line.start_line) + ": " + e.what());
  }
  return instruction;
}

}  // namespace berth::build
