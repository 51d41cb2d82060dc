#include "runtime/container_networks.hpp"

#include <algorithm>

#include "base/error.hpp"
#include "network/port_spec.hpp"
#include "runtime/name_resolution_options.hpp"

namespace berth::runtime {

ContainerNetworks::ContainerNetworks(Provider provider, image::ImageStore& images)
    : provider_(std::move(provider)), images_(images) {}

network::NetworkManager& ContainerNetworks::manager() {
  if (!provider_) throw Error("bridge networks are not available to this engine", 125);
  return provider_();
}

void ContainerNetworks::check_exist(const ContainerRequest& r) {
  if (!uses_bridge_network(r)) return;
  for (const auto& e : r.networks) manager().inspect(e.network);
}

network::ContainerNetworking ContainerNetworks::connect(const ContainerRecord& c,
                                                        const ContainerRequest& r,
                                                        const image::ImageRecord& image) {
  std::vector<network::PortBinding> ports = r.ports;
  if (r.publish_all) {
    auto exposed = images_.config(image.id).runtime_config().value("ExposedPorts", Json::object());
    std::vector<std::string> keys;
    for (const auto& [key, _] : exposed.items()) keys.push_back(key);
    auto all = network::exposed_ports_to_bindings(keys);
    for (const auto& b : all) {
      bool published = std::any_of(ports.begin(), ports.end(), [&](const auto& p) {
        return p.container_port == b.container_port && p.protocol == b.protocol;
      });
      if (!published) ports.push_back(b);
    }
  }
  auto endpoints = r.networks;
  if (endpoints.empty()) endpoints.push_back({r.network_mode, {}, ""});
  return manager().connect_container(c.id, c.name, endpoints, ports);
}

void ContainerNetworks::release(const ContainerRecord& c, const ContainerRequest& r) {
  if (uses_bridge_network(r)) manager().disconnect_container(c.id);
}

ContainerRequest ContainerNetworks::add_endpoint(const ContainerRecord& c, ContainerRequest request,
                                                 const network::EndpointRequest& endpoint) {
  if (!uses_bridge_network(request)) {
    throw InvalidArgumentError(
        "container cannot be disconnected from host network or connected "
        "to host network");
  }
  auto n = manager().inspect(endpoint.network);
  for (const auto& e : request.networks) {
    if (manager().inspect(e.network).id == n.id) {
      throw ConflictError("endpoint with name " + c.name + " already exists in network " + n.name);
    }
  }
  if (is_alive(c.state)) manager().connect_running(c.id, c.name, endpoint, false);
  request.networks.push_back(endpoint);
  return request;
}

std::optional<ContainerRequest> ContainerNetworks::remove_endpoint(const ContainerRecord& c,
                                                                   ContainerRequest request,
                                                                   const std::string& network,
                                                                   bool force) {
  auto n = manager().inspect(network);
  auto it = std::find_if(request.networks.begin(), request.networks.end(),
                         [&](const auto& e) { return manager().inspect(e.network).id == n.id; });
  if (it == request.networks.end()) {
    if (force) return std::nullopt;
    throw ConflictError("container " + c.id + " is not connected to network " + n.name);
  }
  if (is_alive(c.state)) manager().disconnect_running(c.id, n);
  request.networks.erase(it);
  // A container on no network at all keeps an empty namespace, as Docker's does.
  if (request.networks.empty()) request.network_mode = "none";
  return request;
}

std::string ContainerNetworks::host_gateway(const ContainerRequest& r,
                                            const network::ContainerNetworking* networking) {
  bool wanted = std::any_of(r.extra_hosts.begin(), r.extra_hosts.end(), [](const auto& entry) {
    return split_extra_host(entry).ip == kHostGateway;
  });
  if (!wanted) return "";
  std::string gateway;
  try {
    gateway = networking && !networking->attachments.empty()
                  ? manager().inspect(networking->attachments.front().network_id).gateway
                  : manager().inspect(network::kDefaultNetworkName).gateway;
  } catch (const Error& e) {
    throw Error(std::string("unable to derive the IP value for host-gateway: ") + e.what(), 125);
  }
  // Docker's wording when the daemon has no host gateway address.
  if (gateway.empty()) throw Error("unable to derive the IP value for host-gateway", 125);
  return gateway;
}

std::vector<network::Attachment> ContainerNetworks::attachments(const ContainerRecord& c) {
  if (!is_alive(c.state) || !uses_bridge_network(request_from_json(c.request))) return {};
  return manager().attachments_of_container(c.id);
}

std::vector<network::PortBinding> ContainerNetworks::published_ports(const ContainerRecord& c) {
  if (!is_alive(c.state) || !uses_bridge_network(request_from_json(c.request))) return {};
  return manager().ports_of_container(c.id);
}

}  // namespace berth::runtime
