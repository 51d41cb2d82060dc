#pragma once
// One area of the Hub API (a Space's settings, its files and history, the commit API, …) in
// files of its own. HubApi resolves the Space of /api/spaces/{owner}/{name}/… (a 404 to those
// who may not see it, before any area runs) and offers each request to the areas in turn.
#include <string_view>

#include "server/server_context.hpp"

namespace berth::server {

class ApiArea {
 public:
  virtual ~ApiArea() = default;
  // A request under /api/spaces/{id}: `rest` is what follows the id ("" or "/secrets", …).
  // Answers and returns true when the path and method are this area's. May throw ApiError.
  virtual bool handle_space(Exchange& ex, const spaces::SpaceRecord& space,
                            std::string_view rest) = 0;
  // Any other request under /api/ (path without the query); the same contract.
  virtual bool handle_other(Exchange& ex, std::string_view path) {
    (void)ex;
    (void)path;
    return false;
  }
};

}  // namespace berth::server
