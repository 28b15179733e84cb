// The JSON shapes of the API's answers.

#include "serve/views.hpp"

#include <fmt/format.h>

namespace pond::serve {

nlohmann::json user_view(const User& user) { return {{"id", user.id}, {"name", user.name}}; }

nlohmann::json breed_view(const Breed& breed, const Generation& page, const std::vector<int>& chosen_here) {
  nlohmann::json children = nlohmann::json::array();
  for (std::size_t k = 0; k < page.children.size(); ++k) {
    // Under the session's own address: knowing the session id is the right to see its pages.
    const std::string base = fmt::format("/api/breeds/{}/pages/{}/children/{}", breed.id, page.id, k);
    nlohmann::json child = {{"index", k}, {"png", base + ".png"}, {"genome", base + "/genome"}};
    if (breed.animated) child["gif"] = base + ".gif";
    children.push_back(std::move(child));
  }
  return {{"id", breed.id},
          {"colour", breed.colour},
          {"animated", breed.animated},
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
  nlohmann::json view = {{"id", picture.id},
          {"title", picture.title},
          {"tags", picture.tags},
          {"author", picture.author},
          {"colour", picture.colour},
          {"animated", picture.animated},
          {"parent", picture.parent_id ? nlohmann::json(*picture.parent_id) : nlohmann::json(nullptr)},
          {"generations", picture.generations},
          {"branches", picture.branches},
          {"created", picture.created},
          {"png", fmt::format("/api/pictures/{}.png", picture.id)},
          {"genome", fmt::format("/api/pictures/{}/genome", picture.id)}};
  if (picture.animated) view["gif"] = fmt::format("/api/pictures/{}.gif", picture.id);
  return view;
}

}  // namespace pond::serve
