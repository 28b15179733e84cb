// The JSON shapes of the API's answers.

#include "serve/views.hpp"

#include <fmt/format.h>

namespace pond::serve {

nlohmann::json user_view(const User& user) { return {{"id", user.id}, {"name", user.name}}; }

nlohmann::json breed_view(const Breed& breed, const Generation& page, const std::vector<int>& chosen_here) {
  nlohmann::json children = nlohmann::json::array();
  for (std::size_t k = 0; k < page.children.size(); ++k) {
    children.push_back({{"index", k},
                        {"png", fmt::format("/api/pages/{}/children/{}.png", page.id, k)},
                        {"genome", fmt::format("/api/pages/{}/children/{}/genome", page.id, k)}});
  }
  return {{"id", breed.id},
          {"colour", breed.colour},
          {"strength", breed.strength},
          {"current", breed.current},
          {"last", breed.last},
          {"can_back", breed.current > 0},
          {"can_forward", breed.current < breed.last},
          {"branched_from", breed.branched_from ? nlohmann::json(*breed.branched_from) : nlohmann::json(nullptr)},
          {"generations", breed.base_generations + breed.current},
          {"updated", breed.updated},
          {"page", {{"id", page.id}, {"number", page.number}, {"chosen", page.chosen}, {"chosen_here", chosen_here}, {"children", std::move(children)}}}};
}

nlohmann::json picture_view(const Picture& picture) {
  return {{"id", picture.id},
          {"title", picture.title},
          {"tags", picture.tags},
          {"author", picture.author},
          {"colour", picture.colour},
          {"parent", picture.parent_id ? nlohmann::json(*picture.parent_id) : nlohmann::json(nullptr)},
          {"generations", picture.generations},
          {"branches", picture.branches},
          {"created", picture.created},
          {"png", fmt::format("/api/pictures/{}.png", picture.id)},
          {"genome", fmt::format("/api/pictures/{}/genome", picture.id)}};
}

}  // namespace pond::serve
