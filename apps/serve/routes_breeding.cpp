// Breeding sessions: start (from scratch or from a published picture), evolve, back, forward, redo,
// settings, and the children's pictures and genomes.

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <set>

#include "serve/api_support.hpp"
#include "serve/breeding.hpp"
#include "serve/genome_text.hpp"
#include "serve/views.hpp"

namespace pond::serve {
namespace {

constexpr int breeds_listed = 50;

std::uint64_t fresh_seed() {
  std::uint64_t seed = 0;
  randombytes_buf(&seed, sizeof seed);
  return seed;
}

neat::CppnOptions cppn_options(const Breed& breed) {
  neat::CppnOptions options;
  options.colour = breed.colour;
  options.animated = breed.animated;
  options.strength = breed.strength;
  return options;
}

Generation to_page(const BredPage& bred, std::uint64_t seed, std::vector<int> chosen) {
  Generation page;
  for (const auto& child : bred.children) page.children.push_back(genome_text(child));
  page.seed = static_cast<std::int64_t>(seed);  // stored as SQLite's signed 64 bits, bit for bit
  page.next_innovation = static_cast<std::int64_t>(bred.next_innovation);
  page.next_node = bred.next_node;
  page.chosen = std::move(chosen);
  return page;
}

Breed find_breed(Call& call, std::size_t match) {
  const std::string id = call.match(match);
  auto breed = call.store.breed(id);
  if (!breed) throw ApiError(404, "no such breeding session");
  return *breed;
}

Generation page_of(Call& call, const Breed& breed, std::int64_t number) {
  auto page = call.store.generation(breed.id, number);
  if (!page) throw std::runtime_error(fmt::format("breeding session {}: page {} is missing", breed.id, number));
  return *page;
}

// The session as the API shows it: its current page, and what was chosen there to breed the next.
nlohmann::json view_of(Call& call, const Breed& breed) {
  const auto page = page_of(call, breed, breed.current);
  const auto next = breed.current < breed.last ? page_of(call, breed, breed.current + 1).chosen : std::vector<int>{};
  return breed_view(breed, page, next);
}

void send_breed(Call& call, const std::string& id, int status = 200) {
  const auto breed = call.store.breed(id);
  if (!breed) throw ApiError(404, "no such breeding session");
  call.send_json(view_of(call, *breed), status);
}

std::vector<neat::Genome> genomes_of(const Generation& page, const std::vector<int>& indices) {
  std::vector<neat::Genome> genomes;
  for (const int k : indices) {
    genomes.push_back(stored_genome(page.children.at(static_cast<std::size_t>(k)), fmt::format("page {} child {}", page.id, k)));
  }
  return genomes;
}

// The children chosen on a page: 1..15 distinct indices, in the order given.
std::vector<int> chosen_children(const nlohmann::json& body) {
  const auto it = body.find("chosen");
  if (it == body.end() || !it->is_array() || it->empty()) throw ApiError(400, "chosen: expected a list of child indices");
  if (it->size() > static_cast<std::size_t>(children_per_page)) throw ApiError(400, "chosen: too many children");
  std::vector<int> chosen;
  std::set<int> seen;
  for (const auto& value : *it) {
    if (!value.is_number_integer() || value.get<std::int64_t>() < 0 || value.get<std::int64_t>() >= children_per_page) {
      throw ApiError(400, fmt::format("chosen: each index must be within 0..{}", children_per_page - 1));
    }
    const int k = value.get<int>();
    if (!seen.insert(k).second) throw ApiError(400, "chosen: an index is repeated");
    chosen.push_back(k);
  }
  return chosen;
}

// The first page of a session, as it starts (from scratch or from its picture).
BredPage first_page(Call& call, const Breed& breed, std::uint64_t seed) {
  if (!breed.branched_from) return random_page(cppn_options(breed), seed);
  const auto picture = call.store.picture(*breed.branched_from);
  if (!picture) throw ApiError(404, "the picture this session branched from is gone");
  return branch_page(stored_genome(picture->genome, fmt::format("picture {}", picture->id)), cppn_options(breed), seed);
}

// Page `number` bred anew from the same parents (or, for page 0, the same start) with a new seed.
Generation rebred_page(Call& call, const Breed& breed, std::int64_t number) {
  const auto seed = fresh_seed();
  if (number == 0) return to_page(first_page(call, breed, seed), seed, {});
  const auto page = page_of(call, breed, number);
  const auto before = page_of(call, breed, number - 1);
  const auto parents = genomes_of(before, page.chosen);
  const auto bred = bred_page(parents, static_cast<std::uint64_t>(before.next_innovation),
                              static_cast<std::uint32_t>(before.next_node), cppn_options(breed), seed);
  return to_page(bred, seed, page.chosen);
}

void conflict() { throw ApiError(409, "this session was changed by another request: reload it"); }

// Breeding costs a page of genomes in the database each time: counted per address.
void count_breeding(Call& call) {
  const auto now = FailureLimiter::Clock::now();
  if (!call.services.breeding.allowed(call.request.remote_addr, now)) {
    throw ApiError(429, "too many breeding requests from this address: wait a minute");
  }
  call.services.breeding.record_failure(call.request.remote_addr, now);
}

void start(Call& call) {
  count_breeding(call);
  const auto& body = call.body();
  Breed breed;
  breed.id = random_token();
  breed.owner = call.user() ? std::optional(call.user()->id) : std::nullopt;
  breed.strength = field::number(body, "strength", 0.0, 4.0, 1.0);
  breed.colour = field::boolean(body, "colour", true);
  breed.animated = field::boolean(body, "animated", false);
  if (body.contains("from") && !body["from"].is_null()) {
    const auto id = field::integer(body, "from", 1, std::numeric_limits<std::int64_t>::max());
    const auto picture = call.store.picture(id);
    if (!picture) throw ApiError(404, "from: no such picture");
    breed.branched_from = picture->id;
    breed.base_generations = picture->generations;
    breed.colour = picture->colour;
    breed.animated = picture->animated;
  }
  breed.created = breed.updated = Call::now();
  const auto seed = fresh_seed();
  call.store.create_breed(breed, to_page(first_page(call, breed, seed), seed, {}));
  send_breed(call, breed.id, 201);
}

void show(Call& call) { send_breed(call, find_breed(call, 1).id); }

// Every change below is one transaction that also checks the session is as this request read it
// (its `updated`): a concurrent request makes this one fail with 409 and change nothing, so no
// acknowledged page is ever dropped by a request that read an older state.

void evolve(Call& call) {
  count_breeding(call);
  auto breed = find_breed(call, 1);
  const auto& body = call.body();
  const auto chosen = chosen_children(body);
  breed.strength = field::number(body, "strength", 0.0, 4.0, breed.strength);
  const auto page = page_of(call, breed, breed.current);
  const auto parents = genomes_of(page, chosen);
  const auto seed = fresh_seed();
  const auto bred = bred_page(parents, static_cast<std::uint64_t>(page.next_innovation),
                              static_cast<std::uint32_t>(page.next_node), cppn_options(breed), seed);
  if (!call.store.append_generation(breed, to_page(bred, seed, chosen), Call::now())) conflict();
  send_breed(call, breed.id);
}

void move(Call& call, int step) {
  auto breed = find_breed(call, 1);
  const auto target = breed.current + step;
  if (target < 0) throw ApiError(400, "already on the first page");
  if (target > breed.last) throw ApiError(400, "already on the last page");
  breed.current = target;
  if (!call.store.update_breed(breed, Call::now())) conflict();
  send_breed(call, breed.id);
}

void redo(Call& call) {
  count_breeding(call);
  auto breed = find_breed(call, 1);
  breed.strength = field::number(call.body(), "strength", 0.0, 4.0, breed.strength);
  auto page = rebred_page(call, breed, breed.current);
  page.number = breed.current;
  if (!call.store.replace_generation(breed, std::move(page), Call::now())) conflict();
  send_breed(call, breed.id);
}

void settings(Call& call) {
  auto breed = find_breed(call, 1);
  const auto& body = call.body();
  breed.strength = field::number(body, "strength", 0.0, 4.0, breed.strength);
  const bool colour = field::boolean(body, "colour", breed.colour);
  if (colour == breed.colour) {
    if (!call.store.update_breed(breed, Call::now())) conflict();
  } else {
    if (breed.last != 0 || breed.branched_from) {
      throw ApiError(400, "colour: can change only on the first page of a session started from scratch");
    }
    // The first page bred again in the new colour (replace_generation stores the colour too).
    breed.colour = colour;
    auto page = rebred_page(call, breed, 0);
    page.number = 0;
    if (!call.store.replace_generation(breed, std::move(page), Call::now())) conflict();
  }
  send_breed(call, breed.id);
}

void list(Call& call) {
  const auto& user = call.require_user();
  nlohmann::json breeds = nlohmann::json::array();
  for (const auto& breed : call.store.breeds_of(user.id, breeds_listed)) {
    breeds.push_back(view_of(call, breed));
  }
  call.send_json({{"breeds", std::move(breeds)}});
}

// A child of a page of the session, by the page's row id (which Redo changes, so its pictures can
// be cached). Pages of other sessions are not found: their ids are sequential, the session's is not.
std::string child_text(Call& call, Generation& page) {
  const std::string breed_id = call.match(1);
  const auto page_row = call.match_id(2);
  const auto k = call.match_id(3);
  const auto found = call.store.generation_by_id(page_row);
  if (!found || found->breed_id != breed_id || k < 0 || k >= static_cast<std::int64_t>(found->children.size())) {
    throw ApiError(404, "no such child");
  }
  page = *found;
  return page.children[static_cast<std::size_t>(k)];
}

void child_png(Call& call) {
  Generation page;
  const auto text = child_text(call, page);
  const int size = query_integer(call.request, "size", 16, 512, 128);
  call.send_png(render_png(stored_genome(text, fmt::format("page {}", page.id)), size), Call::Caching::browser_only);
}

void child_gif(Call& call) {
  Generation page;
  const auto text = child_text(call, page);
  const int size = query_integer(call.request, "size", 16, 256, 128);
  call.send_gif(render_gif(stored_genome(text, fmt::format("page {}", page.id)), size), Call::Caching::browser_only);
}

void child_genome(Call& call) {
  Generation page;
  call.response.set_content(child_text(call, page), "application/json");
}

}  // namespace

void add_breeding_routes(Router& router) {
  const std::string breed = "/api/breeds/([0-9a-f]{64})";
  router.post("/api/breeds", start);
  router.get("/api/breeds", list);
  router.get(breed, show);
  router.post(breed + "/evolve", evolve);
  router.post(breed + "/back", [](Call& call) { move(call, -1); });
  router.post(breed + "/forward", [](Call& call) { move(call, +1); });
  router.post(breed + "/redo", redo);
  router.post(breed + "/settings", settings);
  const std::string child = breed + R"(/pages/(\d{1,18})/children/(\d{1,2}))";
  router.get(child + R"(\.png)", child_png, Cost::picture);
  router.get(child + R"(\.gif)", child_gif, Cost::picture);
  router.get(child + "/genome", child_genome);
}

}  // namespace pond::serve
