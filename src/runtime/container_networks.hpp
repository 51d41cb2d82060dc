#pragma once
// A container's place on Berth's bridge networks: joining them and publishing its ports at
// start, leaving them at exit, `network connect`/`disconnect`, and what inspect shows. The
// network manager is reached on first use only: containers without a bridge network never
// open it.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "image/image_store.hpp"
#include "network/network_manager.hpp"
#include "runtime/container_record.hpp"
#include "runtime/container_request.hpp"

namespace berth::runtime {

class ContainerNetworks {
 public:
  using Provider = std::function<network::NetworkManager&()>;
  // `provider` unset: an engine without bridge networks (they fail with a clear error).
  ContainerNetworks(Provider provider, image::ImageStore& images);

  // Throws NotFoundError (Docker's check at create) when a network the request names is
  // unknown; a no-op for other network modes.
  void check_exist(const ContainerRequest& r);
  // Joins the container's bridge networks and publishes its ports (-p, and with -P every port
  // the image exposes).
  network::ContainerNetworking connect(const ContainerRecord& c, const ContainerRequest& r,
                                       const image::ImageRecord& image);
  // Undoes connect; idempotent, and a no-op for other network modes.
  void release(const ContainerRecord& c, const ContainerRequest& r);

  // `network connect`: the request with the endpoint added, the running container connected
  // at once. Throws ConflictError when already connected, InvalidArgumentError for host mode.
  ContainerRequest add_endpoint(const ContainerRecord& c, ContainerRequest request,
                                const network::EndpointRequest& endpoint);
  // `network disconnect`: the request without the network (mode "none" once on no network);
  // nullopt when it was not connected and `force` asks not to mind.
  std::optional<ContainerRequest> remove_endpoint(const ContainerRecord& c,
                                                  ContainerRequest request,
                                                  const std::string& network, bool force);

  // The address --add-host NAME:host-gateway stands for: the gateway of the container's first
  // network, else of the default network (Docker's docker0 address). Empty when no extra host
  // asks for it, so other containers never open the network manager.
  std::string host_gateway(const ContainerRequest& r,
                           const network::ContainerNetworking* networking);

  // Of a running container on bridge networks; empty otherwise.
  std::vector<network::Attachment> attachments(const ContainerRecord& c);
  std::vector<network::PortBinding> published_ports(const ContainerRecord& c);

 private:
  network::NetworkManager& manager();

  Provider provider_;
  image::ImageStore& images_;
};

}  // namespace berth::runtime
