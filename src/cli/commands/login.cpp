// `berth login [-u USER] [-p PASSWORD | --password-stdin] [SERVER]` and `berth logout
// [SERVER]`: docker's logins, kept where docker keeps them (registry/credentials.hpp), so
// that docker, podman and berth share them. SERVER defaults to Docker Hub.
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "registry/credentials.hpp"
#include "registry/registry_client.hpp"
#include "registry/registry_config.hpp"

namespace berth::cli {
namespace {

// "https://index.docker.io/v1/", "http://host:5000/v2/" and "host:5000" all name a registry.
registry::RegistryEndpoint endpoint_of(std::string server) {
  for (const char* scheme : {"https://", "http://"}) {
    if (server.starts_with(scheme)) server.erase(0, std::string_view(scheme).size());
  }
  server = server.substr(0, server.find('/'));
  if (server.empty() || server == "index.docker.io" || server == "registry-1.docker.io")
    server = "docker.io";
  return registry::endpoint_for(
      server, registry::RegistryConfig::load(registry::RegistryConfig::default_path()));
}

std::string read_line(bool echo) {
  termios saved{};
  bool tty = ::isatty(STDIN_FILENO) && ::tcgetattr(STDIN_FILENO, &saved) == 0;
  if (tty && !echo) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty && !echo) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

CLI::App* add_login(CLI::App& parent, Context&, const std::string& name) {
  struct Options {
    std::string server, username, password;
    bool password_stdin = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(name, "Authenticate to a registry");
  cmd->add_option("-u,--username", opts->username, "Username");
  cmd->add_option("-p,--password", opts->password, "Password or Personal Access Token (PAT)");
  cmd->add_flag("--password-stdin", opts->password_stdin,
                "Take the Password or Personal Access Token (PAT) from stdin");
  cmd->add_option("SERVER", opts->server, "Registry (default: Docker Hub)");
  cmd->callback([opts] {
    if (opts->password_stdin && !opts->password.empty()) {
      throw InvalidArgumentError("--password and --password-stdin are mutually exclusive");
    }
    if (opts->password_stdin && opts->username.empty()) {
      throw InvalidArgumentError("Must provide --username with --password-stdin");
    }
    if (!opts->password.empty()) {
      std::cerr << "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n";
    }
    bool interactive = ::isatty(STDIN_FILENO);
    if ((opts->username.empty() || (opts->password.empty() && !opts->password_stdin)) &&
        !interactive) {
      throw Error("Cannot perform an interactive login from a non TTY device");
    }
    if (opts->username.empty()) {
      std::cerr << "Username: " << std::flush;
      opts->username = read_line(true);
    }
    if (opts->password_stdin) {
      std::string all((std::istreambuf_iterator<char>(std::cin)), {});
      while (!all.empty() && (all.back() == '\n' || all.back() == '\r')) all.pop_back();
      opts->password = all;
    } else if (opts->password.empty()) {
      std::cerr << "Password: " << std::flush;
      opts->password = read_line(false);
    }
    if (opts->username.empty()) throw InvalidArgumentError("Non-null Username Required");
    if (opts->password.empty()) throw InvalidArgumentError("Password Required");
    auto endpoint = endpoint_of(opts->server);
    registry::Credentials credentials{opts->username, opts->password};
    registry::RegistryClient(endpoint, "", credentials).check_login();
    std::string file = registry::store_credentials(endpoint, credentials);
    if (!file.empty()) {
      std::cerr << "WARNING! Your credentials are stored unencrypted in '" << file << "'.\n"
                << "Configure a credential helper to remove this warning. See\n"
                << "https://docs.docker.com/go/credential-store/\n\n";
    }
    std::cout << "Login Succeeded\n";
  });
  return cmd;
}

CLI::App* add_logout(CLI::App& parent, Context&, const std::string& name) {
  auto server = std::make_shared<std::string>();
  auto* cmd = parent.add_subcommand(name, "Log out from a registry");
  cmd->add_option("SERVER", *server, "Registry (default: Docker Hub)");
  cmd->callback([server] {
    auto endpoint = endpoint_of(*server);
    if (!registry::erase_credentials(endpoint)) {
      std::cout << "Not logged in to " << endpoint.config_key() << "\n";
      return;
    }
    std::cout << "Removing login credentials for " << endpoint.config_key() << "\n";
  });
  return cmd;
}

}  // namespace berth::cli
