// `berth network create/ls/inspect/rm/connect/disconnect/prune`, in Docker's words and shapes.
#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "cli/labels.hpp"
#include "cli/output.hpp"
#include "network/ipv4.hpp"

namespace berth::cli {
namespace {

OrderedJson network_json(Context& ctx, const network::NetworkRecord& n) {
  OrderedJson containers = OrderedJson::object();
  auto prefix = network::Ipv4Subnet::parse(n.subnet).prefix_length();
  for (const auto& a : ctx.networks().attachments_of_network(n)) {
    containers[a.container_id] = {
        {"Name", a.container_name},
        {"EndpointID", a.network_id.substr(0, 32) + a.container_id.substr(0, 32)},
        {"MacAddress", a.mac},
        {"IPv4Address", a.ip + "/" + std::to_string(prefix)},
        {"IPv6Address", ""}};
  }
  OrderedJson labels = OrderedJson::object();
  for (const auto& [k, v] : n.labels) labels[k] = v;
  OrderedJson options = {{"com.docker.network.bridge.name", n.bridge},
                         {"berth.dns_enabled", n.dns_enabled ? "true" : "false"}};
  for (const auto& [k, v] : n.options) options[k] = v;
  return {{"Name", n.name},
          {"Id", n.id},
          {"Created", n.created},
          {"Scope", "local"},
          {"Driver", n.driver},
          {"EnableIPv6", false},
          {"IPAM",
           {{"Driver", "default"},
            {"Options", OrderedJson::object()},
            {"Config", OrderedJson::array({{{"Subnet", n.subnet}, {"Gateway", n.gateway}}})}}},
          {"Internal", n.internal},
          {"Attachable", false},
          {"Ingress", false},
          {"ConfigFrom", {{"Network", ""}}},
          {"ConfigOnly", false},
          {"Containers", containers},
          {"Options", options},
          {"Labels", labels}};
}

bool matches_filters(const network::NetworkRecord& n, const std::vector<std::string>& filters) {
  for (const auto& f : filters) {
    auto eq = f.find('=');
    std::string key = f.substr(0, eq), value = eq == std::string::npos ? "" : f.substr(eq + 1);
    if (key == "name") {
      if (n.name.find(value) == std::string::npos) return false;
    } else if (key == "id") {
      if (n.id.rfind(value, 0) != 0) return false;
    } else if (key == "driver") {
      if (n.driver != value) return false;
    } else if (key == "label") {
      auto leq = value.find('=');
      auto it = n.labels.find(value.substr(0, leq));
      if (it == n.labels.end()) return false;
      if (leq != std::string::npos && it->second != value.substr(leq + 1)) return false;
    } else if (key == "type") {
      bool builtin = n.name == network::kDefaultNetworkName;
      if ((value == "builtin") != builtin) return false;
    } else {
      throw InvalidArgumentError("invalid filter '" + key + "'");
    }
  }
  return true;
}

}  // namespace

CLI::App* add_network(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("network", "Manage networks");
  group->require_subcommand(1);

  struct CreateOptions {
    std::string name, driver = "bridge", subnet, gateway;
    bool internal = false;
    std::vector<std::string> labels, options;
  };
  auto create = std::make_shared<CreateOptions>();
  auto* c = group->add_subcommand("create", "Create a network");
  c->add_option("-d,--driver", create->driver, "Driver to manage the Network");
  c->add_option("--subnet", create->subnet,
                "Subnet in CIDR format that represents a network "
                "segment");
  c->add_option("--gateway", create->gateway, "IPv4 Gateway for the master subnet");
  c->add_flag("--internal", create->internal, "Restrict external access to the network");
  c->add_option("--label", create->labels, "Set metadata on a network")->allow_extra_args(false);
  c->add_option("-o,--opt", create->options,
                "Set driver specific options (berth.host_access=false: no access to the host; "
                "berth.private_egress=false: none to link-local and private ranges, the "
                "default without host access)")
      ->allow_extra_args(false);
  c->add_option("NETWORK", create->name, "Network name")->required();
  c->callback([&ctx, create] {
    if (create->driver != "bridge") {
      throw InvalidArgumentError("plugin \"" + create->driver +
                                 "\" not found: only the bridge driver is supported yet");
    }
    if (!network::NetworkManager::is_valid_name(create->name)) {
      throw InvalidArgumentError("invalid network name \"" + create->name +
                                 "\": it must match [a-zA-Z0-9][a-zA-Z0-9_.-]*");
    }
    network::CreateOptions o;
    o.name = create->name;
    if (!create->subnet.empty()) o.subnet = create->subnet;
    if (!create->gateway.empty()) o.gateway = create->gateway;
    o.internal = create->internal;
    o.labels = parse_labels(create->labels);
    o.options = parse_labels(create->options);
    std::cout << ctx.networks().create(o).id << "\n";
  });

  struct ListOptions {
    bool quiet = false, no_trunc = false;
    std::vector<std::string> filters;
    std::string format;
  };
  auto list = std::make_shared<ListOptions>();
  auto* ls = group->add_subcommand("ls", "List networks")->alias("list");
  ls->add_flag("-q,--quiet", list->quiet, "Only display network IDs");
  ls->add_flag("--no-trunc", list->no_trunc, "Do not truncate the output");
  ls->add_option("-f,--filter", list->filters, "Provide filter values (e.g. 'driver=bridge')")
      ->allow_extra_args(false);
  ls->add_option("--format", list->format, "Pretty-print networks using a Go template");
  ls->callback([&ctx, list] {
    std::vector<Json> rows;
    for (const auto& n : ctx.networks().list()) {
      if (!matches_filters(n, list->filters)) continue;
      std::string id = list->no_trunc ? n.id : n.id.substr(0, 12);
      if (list->quiet) {
        std::cout << id << "\n";
        continue;
      }
      rows.push_back({{"ID", id},
                      {"Name", n.name},
                      {"Driver", n.driver},
                      {"Scope", "local"},
                      {"IPv6", false},
                      {"Internal", n.internal},
                      {"Labels", n.labels},
                      {"CreatedAt", n.created}});
    }
    if (list->quiet) return;
    TableSpec spec{"table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}",
                   {{"ID", "NETWORK ID"},
                    {"Name", "NAME"},
                    {"Driver", "DRIVER"},
                    {"Scope", "SCOPE"},
                    {"IPv6", "IPV6"},
                    {"Internal", "INTERNAL"},
                    {"Labels", "LABELS"},
                    {"CreatedAt", "CREATED AT"}}};
    std::cout << format_rows(list->format, spec, rows);
  });

  struct InspectOptions {
    std::vector<std::string> names;
    std::string format;
  };
  auto inspect = std::make_shared<InspectOptions>();
  auto* in =
      group->add_subcommand("inspect", "Display detailed information on one or more networks");
  in->add_option("-f,--format", inspect->format, "Format the output using the given Go template");
  in->add_option("NETWORK", inspect->names, "Networks")->required();
  in->callback([&ctx, inspect] {
    std::vector<OrderedJson> found;
    std::vector<std::string> errors;
    for (const auto& name : inspect->names) {
      try {
        found.push_back(network_json(ctx, ctx.networks().inspect(name)));
      } catch (const NotFoundError& e) {
        errors.push_back(e.what());
      }
    }
    std::cout << render_inspect(inspect->format, found);
    for (const auto& e : errors) std::cerr << "Error response from daemon: " << e << "\n";
    if (!errors.empty()) throw ExitStatus{1};
  });

  auto names = std::make_shared<std::vector<std::string>>();
  auto* rm = group->add_subcommand("rm", "Remove one or more networks")->alias("remove");
  rm->add_option("NETWORK", *names, "Networks")->required();
  rm->callback([&ctx, names] {
    int failures = 0;
    for (const auto& name : *names) {
      try {
        ctx.networks().remove(name);
        std::cout << name << "\n";
      } catch (const Error& e) {
        std::cerr << "Error response from daemon: " << e.what() << "\n";
        ++failures;
      }
    }
    if (failures) throw ExitStatus{1};
  });

  struct ConnectOptions {
    std::string network, container, ip;
    std::vector<std::string> aliases;
    bool force = false;
  };
  auto connect = std::make_shared<ConnectOptions>();
  auto* co = group->add_subcommand("connect", "Connect a container to a network");
  co->add_option("--alias", connect->aliases, "Add network-scoped alias for the container")
      ->allow_extra_args(false);
  co->add_option("--ip", connect->ip, "IPv4 address (e.g., 172.30.100.104)");
  co->add_option("NETWORK", connect->network, "Network")->required();
  co->add_option("CONTAINER", connect->container, "Container")->required();
  co->callback([&ctx, connect] {
    ctx.engine().connect_network(connect->container,
                                 {connect->network, connect->aliases, connect->ip});
  });

  auto disconnect = std::make_shared<ConnectOptions>();
  auto* dc = group->add_subcommand("disconnect", "Disconnect a container from a network");
  dc->add_flag("-f,--force", disconnect->force, "Force the container to disconnect from a network");
  dc->add_option("NETWORK", disconnect->network, "Network")->required();
  dc->add_option("CONTAINER", disconnect->container, "Container")->required();
  dc->callback([&ctx, disconnect] {
    ctx.engine().disconnect_network(disconnect->container, disconnect->network, disconnect->force);
  });

  auto prune_force = std::make_shared<bool>(false);
  auto* pr = group->add_subcommand("prune", "Remove all unused networks");
  pr->add_flag("-f,--force", *prune_force, "Do not prompt for confirmation");
  pr->callback([&ctx, prune_force] {
    if (!*prune_force) {
      std::cout << "WARNING! This will remove all custom networks not used by at least one "
                   "container.\n"
                << "Are you sure you want to continue? [y/N] " << std::flush;
      std::string answer;
      std::getline(std::cin, answer);
      if (answer != "y" && answer != "Y") return;
    }
    auto removed = ctx.networks().prune();
    if (!removed.empty()) {
      std::cout << "Deleted Networks:\n";
      for (const auto& n : removed) std::cout << n << "\n";
    }
  });
  return group;
}

}  // namespace berth::cli
