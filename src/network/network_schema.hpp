#pragma once
// The network store's tables: networks, attachments (IPAM) and host port bindings.
#include "store/schema.hpp"

namespace berth::network {

const store::Schema& network_schema();

}  // namespace berth::network
