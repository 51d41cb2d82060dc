#pragma once
// A container of a compose project as the engine reports it, read through its compose labels.
#include <string>

namespace berth::compose {

struct ObservedContainer {
  std::string id;
  std::string name;
  std::string service;
  int number = 0;
  std::string config_hash;
  bool oneoff = false;
  std::string state;  // Docker's words: created, running, paused, exited
  int exit_code = 0;
  std::string image_id;  // the image it was created from (sha256:…)
  std::string image;     // as the request named it
  std::string created;   // RFC 3339

  bool running() const { return state == "running" || state == "paused"; }
};

}  // namespace berth::compose
