#include "engine/image_removal.hpp"

#include <set>

#include "base/error.hpp"

namespace berth::engine {

ImageRemoval remove_image(Engine& engine, const std::string& name, bool force) {
  auto& store = engine.images();
  ImageRemoval removal;
  auto image = store.resolve(name);
  auto ref = image::Reference::try_parse(name);
  bool by_tag = false;
  if (ref && !image::Reference::looks_like_full_id(name)) {
    for (const auto& t : image.tags) by_tag = by_tag || t == *ref;
  }
  if (by_tag && image.tags.size() > 1) {
    store.untag(*ref);
    removal.untagged.push_back(ref->familiar());
    return removal;
  }
  // Docker keeps an image that containers use: without force that is a conflict; with force
  // the image is only untagged (it stays, dangling, until its containers are gone).
  bool in_use = false;
  for (const auto& id : engine.containers().users_of_image(image.id)) {
    auto c = engine.lifecycle().get(id);
    bool running = runtime::is_alive(c.state);
    if (running || !force) {
      throw ConflictError(std::string("conflict: unable to delete ") + image.id.short_id() +
                          (running
                               ? " (cannot be forced) - image is being used by running container "
                               : " (must be forced) - image is being used by stopped container ") +
                          c.id.substr(0, 12));
    }
    in_use = true;
  }
  if (by_tag) {
    store.untag(*ref);
    removal.untagged.push_back(ref->familiar());
  } else {
    std::set<std::string> repositories;
    for (const auto& t : image.tags) repositories.insert(t.name());
    if (repositories.size() > 1 && !force) {
      throw ConflictError("conflict: unable to delete " + image.id.short_id() +
                          " (must be forced) - image is referenced in multiple repositories");
    }
    for (const auto& t : image.tags) {
      store.untag(t);
      removal.untagged.push_back(t.familiar());
    }
  }
  if (in_use) return removal;
  store.delete_image(image.id);
  removal.deleted.push_back(image.id.str());
  return removal;
}

}  // namespace berth::engine
