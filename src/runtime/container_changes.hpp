#pragma once
// What a container changed in its filesystem (`berth diff`) and turning those changes into an
// image (`berth commit`).
#include <string>
#include <vector>

#include "image/image_store.hpp"
#include "runtime/container_engine.hpp"

namespace berth::runtime {

struct Change {
  char kind;  // 'A' added, 'C' changed, 'D' deleted
  std::string path;
};

// Walks the container's upper dir against its image's layers; sorted by path. The files Berth
// itself bind-mounts (/etc/hosts, /etc/hostname, /etc/resolv.conf, /sbin/docker-init) are
// not changes, as in Docker.
std::vector<Change> container_changes(ContainerEngine& engine, image::ImageStore& images,
                                      const ContainerRecord& c);

struct CommitOptions {
  std::vector<std::string> changes;  // Dockerfile instructions (as import --change)
  std::string message;
  std::string author;
  std::optional<image::Reference> tag;
  bool pause = true;
};

// Upper dir → layer → new image on top of the container's image, with the container's
// configuration (its command, env, user, workdir) as the new image's config.
Digest commit_container(ContainerEngine& engine, image::ImageStore& images,
                        const ContainerRecord& c, const CommitOptions& options);

}  // namespace berth::runtime
