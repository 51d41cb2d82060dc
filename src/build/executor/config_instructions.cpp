#include "build/executor/config_instructions.hpp"

#include <chrono>

#include "build/dockerfile/exposed_port.hpp"

namespace berth::build {

namespace {

Json json_strings(const std::vector<std::string>& v) {
  Json a = Json::array();
  for (const auto& s : v) a.push_back(s);
  return a;
}

std::string go_string_list(const std::vector<std::string>& v) {
  // BuildKit prints exec-form commands in history as Go's %q list: ["a" "b"].
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? " " : "") + Json(v[i]).dump();
  return out + "]";
}

int64_t nanoseconds(std::chrono::nanoseconds d) {
  return static_cast<int64_t>(d.count());
}

}  // namespace

std::vector<std::string> command_argv(const CommandLine& command,
                                      const std::vector<std::string>& shell) {
  if (command.exec_form) return command.args;
  std::vector<std::string> argv = shell;
  argv.push_back(command.args.empty() ? "" : command.args.front());
  return argv;
}

void set_env(Json& runtime_config, const std::string& name, const std::string& value) {
  Json env = runtime_config.contains("Env") && runtime_config["Env"].is_array()
                 ? runtime_config["Env"]
                 : Json::array();
  std::string entry = name + "=" + value;
  for (auto& e : env) {
    const auto& s = e.get_ref<const std::string&>();
    if (s.substr(0, s.find('=')) == name) {
      e = entry;
      runtime_config["Env"] = env;
      return;
    }
  }
  env.push_back(entry);
  runtime_config["Env"] = env;
}

std::optional<std::string> env_value(const Json& runtime_config, const std::string& name) {
  if (!runtime_config.contains("Env") || !runtime_config["Env"].is_array()) return std::nullopt;
  for (const auto& e : runtime_config["Env"]) {
    const auto& s = e.get_ref<const std::string&>();
    auto eq = s.find('=');
    if (s.substr(0, eq) == name) return eq == std::string::npos ? "" : s.substr(eq + 1);
  }
  return std::nullopt;
}

bool apply_config_instruction(Json& config, const Instruction& instruction,
                              const std::vector<std::string>& shell) {
  if (const auto* env = instruction.as<EnvInstruction>()) {
    for (const auto& kv : env->variables) set_env(config, kv.key, kv.value);
    return true;
  }
  if (const auto* cmd = instruction.as<CmdInstruction>()) {
    config["Cmd"] = json_strings(command_argv(cmd->command, shell));
    return true;
  }
  if (const auto* ep = instruction.as<EntrypointInstruction>()) {
    auto argv = command_argv(ep->command, shell);
    config["Entrypoint"] = argv.empty() ? Json(nullptr) : json_strings(argv);
    // Docker drops a Cmd inherited from the base image when the ENTRYPOINT changes (a CMD
    // later in the same Dockerfile sets it again).
    config.erase("Cmd");
    return true;
  }
  if (const auto* label = instruction.as<LabelInstruction>()) {
    if (!config.contains("Labels") || !config["Labels"].is_object())
      config["Labels"] = Json::object();
    for (const auto& kv : label->labels) config["Labels"][kv.key] = kv.value;
    return true;
  }
  if (const auto* expose = instruction.as<ExposeInstruction>()) {
    if (!config.contains("ExposedPorts") || !config["ExposedPorts"].is_object()) {
      config["ExposedPorts"] = Json::object();
    }
    for (const auto& spec : expose->ports) {
      auto port = parse_exposed_port(spec);
      for (unsigned p = port.first; p <= port.last; ++p) {
        config["ExposedPorts"][std::to_string(p) + "/" + port.protocol] = Json::object();
      }
    }
    return true;
  }
  if (const auto* volume = instruction.as<VolumeInstruction>()) {
    if (!config.contains("Volumes") || !config["Volumes"].is_object())
      config["Volumes"] = Json::object();
    for (const auto& path : volume->paths) config["Volumes"][path] = Json::object();
    return true;
  }
  if (const auto* user = instruction.as<UserInstruction>()) {
    config["User"] = user->user;
    return true;
  }
  if (const auto* sig = instruction.as<StopSignalInstruction>()) {
    config["StopSignal"] = sig->signal;
    return true;
  }
  if (const auto* shell_instruction = instruction.as<ShellInstruction>()) {
    config["Shell"] = json_strings(shell_instruction->shell);
    return true;
  }
  if (const auto* hc = instruction.as<HealthcheckInstruction>()) {
    Json check = {
        {"Test", json_strings(hc->disabled ? std::vector<std::string>{"NONE"} : hc->test)}};
    if (hc->interval.count()) check["Interval"] = nanoseconds(hc->interval);
    if (hc->timeout.count()) check["Timeout"] = nanoseconds(hc->timeout);
    if (hc->start_period.count()) check["StartPeriod"] = nanoseconds(hc->start_period);
    if (hc->start_interval.count()) check["StartInterval"] = nanoseconds(hc->start_interval);
    if (hc->retries) check["Retries"] = hc->retries;
    config["Healthcheck"] = check;
    return true;
  }
  if (const auto* onbuild = instruction.as<OnbuildInstruction>()) {
    if (!config.contains("OnBuild") || !config["OnBuild"].is_array())
      config["OnBuild"] = Json::array();
    config["OnBuild"].push_back(onbuild->expression);
    return true;
  }
  if (instruction.as<MaintainerInstruction>()) return true;  // goes to the top-level author
  return false;
}

std::string history_text(const Instruction& instruction, const std::vector<std::string>& shell) {
  if (const auto* run = instruction.as<RunInstruction>()) {
    auto argv = command_argv(run->command, shell);
    std::string text = "RUN ";
    if (run->command.exec_form) {
      text += go_string_list(argv);
    } else {
      for (size_t i = 0; i < argv.size(); ++i) text += (i ? " " : "") + argv[i];
    }
    return text + " # buildkit";
  }
  if (const auto* cmd = instruction.as<CmdInstruction>()) {
    return "CMD " + go_string_list(command_argv(cmd->command, shell));
  }
  if (const auto* ep = instruction.as<EntrypointInstruction>()) {
    return "ENTRYPOINT " + go_string_list(command_argv(ep->command, shell));
  }
  if (const auto* env = instruction.as<EnvInstruction>()) {
    std::string text = "ENV";
    for (const auto& kv : env->variables) text += " " + kv.key + "=" + kv.value;
    return text;
  }
  if (const auto* label = instruction.as<LabelInstruction>()) {
    std::string text = "LABEL";
    for (const auto& kv : label->labels) text += " " + kv.key + "=" + kv.value;
    return text;
  }
  if (const auto* workdir = instruction.as<WorkdirInstruction>()) return "WORKDIR " + workdir->path;
  if (const auto* user = instruction.as<UserInstruction>()) return "USER " + user->user;
  if (instruction.as<CopyInstruction>() || instruction.as<AddInstruction>()) {
    return instruction.text + " # buildkit";
  }
  return instruction.text;
}

}  // namespace berth::build
