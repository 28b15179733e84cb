// Published pictures: publishing, browsing and searching, a picture with its branches, its PNG and
// genome, its lineage, the tag list, and rendering any genome.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "serve/api_support.hpp"
#include "serve/breeding.hpp"
#include "serve/genome_text.hpp"
#include "serve/views.hpp"

namespace pond::serve {
namespace {

constexpr std::size_t max_tags = 8;
constexpr int lineage_limit = 300;

// Tags: letters, digits, '-' and '_', 1..24 characters, stored in lower case, sorted and unique.
std::vector<std::string> tags_of(const nlohmann::json& body) {
  const auto it = body.find("tags");
  if (it == body.end() || it->is_null()) return {};
  if (!it->is_array()) throw ApiError(400, "tags: expected a list of words");
  if (it->size() > max_tags) throw ApiError(400, fmt::format("tags: at most {}", max_tags));
  std::set<std::string> tags;
  for (const auto& value : *it) {
    if (!value.is_string()) throw ApiError(400, "tags: each tag must be a string");
    std::string tag = value.get<std::string>();
    if (tag.empty() || tag.size() > 24) throw ApiError(400, "tags: each tag has 1 to 24 characters");
    for (auto& c : tag) {
      const auto u = static_cast<unsigned char>(c);
      if (!std::isalnum(u) && c != '-' && c != '_') {
        throw ApiError(400, "tags: only letters, digits, '-' and '_' (got \"" + tag + "\")");
      }
      c = static_cast<char>(std::tolower(u));
    }
    tags.insert(tag);
  }
  return {tags.begin(), tags.end()};
}

Picture find_picture(Call& call) {
  auto picture = call.store.picture(call.match_id(1));
  if (!picture) throw ApiError(404, "no such picture");
  return *picture;
}

void publish(Call& call) {
  const auto& user = call.require_user();
  const auto& body = call.body();
  const auto breed = call.store.breed(field::text(body, "breed", 1, 64));
  if (!breed) throw ApiError(404, "breed: no such breeding session");
  const auto page = call.store.generation_by_id(field::integer(body, "page", 1, std::numeric_limits<std::int64_t>::max()));
  if (!page || page->breed_id != breed->id) throw ApiError(404, "page: not a page of this session");
  const auto child = field::integer(body, "child", 0, static_cast<std::int64_t>(page->children.size()) - 1);
  Picture picture;
  picture.user_id = user.id;
  picture.title = field::text(body, "title", 1, 100);
  picture.tags = tags_of(body);
  picture.genome = page->children[static_cast<std::size_t>(child)];
  picture.colour = breed->colour;
  picture.animated = breed->animated;
  picture.parent_id = breed->branched_from;
  picture.generations = breed->base_generations + page->number;
  picture.created = Call::now();
  const auto id = call.store.publish(picture);
  call.send_json(picture_view(*call.store.picture(id)), 201);
}

void browse(Call& call) {
  PictureQuery query;
  const auto& request = call.request;
  const std::string sort = request.get_param_value("sort");
  if (sort == "branched") {
    query.order = PictureQuery::Order::most_branched;
  } else if (!sort.empty() && sort != "recent") {
    throw ApiError(400, "sort: expected recent or branched");
  }
  query.tag = request.get_param_value("tag");
  query.text = request.get_param_value("q");
  if (query.tag.size() > 24) throw ApiError(400, "tag: at most 24 characters");
  if (query.text.size() > 100) throw ApiError(400, "q: at most 100 characters");
  std::transform(query.tag.begin(), query.tag.end(), query.tag.begin(), [](unsigned char c) { return std::tolower(c); });
  if (const std::string name = request.get_param_value("user"); !name.empty()) {
    const auto user = name.size() <= 32 ? call.store.user_by_name(name) : std::nullopt;
    if (!user) {
      call.send_json({{"pictures", nlohmann::json::array()}});
      return;
    }
    query.user_id = user->id;
  }
  query.limit = query_integer(request, "limit", 1, 100, 30);
  query.offset = query_integer(request, "offset", 0, 1'000'000, 0);
  nlohmann::json pictures = nlohmann::json::array();
  for (const auto& picture : call.store.pictures(query)) pictures.push_back(picture_view(picture));
  call.send_json({{"pictures", std::move(pictures)}});
}

void show(Call& call) {
  const auto picture = find_picture(call);
  auto view = picture_view(picture);
  nlohmann::json children = nlohmann::json::array();
  for (const auto& child : call.store.branches_of(picture.id)) children.push_back(picture_view(child));
  view["children"] = std::move(children);
  call.send_json(view);
}

void png(Call& call) {
  const auto picture = find_picture(call);
  const int size = query_integer(call.request, "size", 16, 1024, 512);
  call.send_png(render_png(stored_genome(picture.genome, fmt::format("picture {}", picture.id)), size), Call::Caching::shared);
}

void gif(Call& call) {
  const auto picture = find_picture(call);
  // An animation costs animation_frames pictures: a smaller ceiling than a still's.
  const int size = query_integer(call.request, "size", 16, 384, 256);
  call.send_gif(render_gif(stored_genome(picture.genome, fmt::format("picture {}", picture.id)), size), Call::Caching::shared);
}

void genome(Call& call) {
  const auto picture = find_picture(call);
  call.response.set_header("Content-Disposition", fmt::format("attachment; filename=\"pond-picture-{}.json\"", picture.id));
  call.response.set_content(picture.genome, "application/json");
}

void lineage(Call& call) {
  const auto id = call.match_id(1);
  const auto family = call.store.lineage(id, lineage_limit);
  if (!family) throw ApiError(404, "no such picture");
  std::set<std::int64_t> present;
  for (const auto& p : family->pictures) present.insert(p.id);
  nlohmann::json pictures = nlohmann::json::array();
  nlohmann::json edges = nlohmann::json::array();
  for (const auto& p : family->pictures) {
    pictures.push_back(picture_view(p));
    if (p.parent_id && present.count(*p.parent_id)) edges.push_back({*p.parent_id, p.id});
  }
  call.send_json({{"root", id}, {"pictures", std::move(pictures)}, {"edges", std::move(edges)}});
}

void tags(Call& call) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [tag, count] : call.store.popular_tags(50)) list.push_back({{"tag", tag}, {"count", count}});
  call.send_json({{"tags", std::move(list)}});
}

void render(Call& call) {
  const auto& body = call.body();
  const auto it = body.find("genome");
  if (it == body.end()) throw ApiError(400, "genome: required");
  const auto genome = posted_genome(*it);
  const int size = body.contains("size") ? static_cast<int>(field::integer(body, "size", 16, 1024)) : 256;
  call.send_png(render_png(genome, size), Call::Caching::none);
}

}  // namespace

void add_picture_routes(Router& router) {
  router.post("/api/pictures", publish);
  router.get("/api/pictures", browse);
  router.get(R"(/api/pictures/(\d{1,18}))", show);
  router.get(R"(/api/pictures/(\d{1,18})\.png)", png, Cost::picture);
  router.get(R"(/api/pictures/(\d{1,18})\.gif)", gif, Cost::picture);
  router.get(R"(/api/pictures/(\d{1,18})/genome)", genome);
  router.get(R"(/api/pictures/(\d{1,18})/lineage)", lineage);
  router.get("/api/tags", tags);
  router.post("/api/render", render, Cost::picture);
}

}  // namespace pond::serve
