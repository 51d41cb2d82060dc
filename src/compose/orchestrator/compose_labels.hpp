#pragma once
// The com.docker.compose.* labels docker compose puts on what it creates; `ps`, `down` and the
// planner find a project's containers, networks and volumes by them, and docker compose's own
// tools read them the same way.
#include <map>
#include <string>

namespace berth::compose {

inline constexpr const char* kProjectLabel = "com.docker.compose.project";
inline constexpr const char* kServiceLabel = "com.docker.compose.service";
inline constexpr const char* kContainerNumberLabel = "com.docker.compose.container-number";
inline constexpr const char* kConfigHashLabel = "com.docker.compose.config-hash";
inline constexpr const char* kOneoffLabel = "com.docker.compose.oneoff";
inline constexpr const char* kWorkingDirLabel = "com.docker.compose.project.working_dir";
inline constexpr const char* kConfigFilesLabel = "com.docker.compose.project.config_files";
inline constexpr const char* kDependsOnLabel = "com.docker.compose.depends_on";
inline constexpr const char* kImageLabel = "com.docker.compose.image";
inline constexpr const char* kVersionLabel = "com.docker.compose.version";
inline constexpr const char* kNetworkLabel = "com.docker.compose.network";
inline constexpr const char* kVolumeLabel = "com.docker.compose.volume";

// The compose version Berth writes into kVersionLabel: the v2 behaviour it follows.
inline constexpr const char* kComposeVersion = "2.24.0";

struct Project;
struct ServiceConfig;

// The labels of one of a service's containers: the service's own labels, then compose's.
std::map<std::string, std::string> container_labels(const Project& project,
                                                    const ServiceConfig& service, int number,
                                                    bool oneoff);

// The labels of a network or volume the project creates (`key` is its key in the file).
std::map<std::string, std::string> network_labels(const Project& project, const std::string& key,
                                                  const std::map<std::string, std::string>& own);
std::map<std::string, std::string> volume_labels(const Project& project, const std::string& key,
                                                 const std::map<std::string, std::string>& own);

}  // namespace berth::compose
