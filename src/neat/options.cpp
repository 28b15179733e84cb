#include "pond/neat/options.hpp"

#include <cmath>
#include <stdexcept>
#include <variant>
#include <vector>

#include "pond/core/error.hpp"

namespace pond::neat {
namespace {

// One table of fields drives validation, to_json and from_json, so the three cannot disagree.
enum class Range { probability, positive, nonnegative, any_count, positive_count, flag };

struct Field {
  const char* name;
  std::variant<std::size_t NeatOptions::*, double NeatOptions::*, bool NeatOptions::*> member;
  Range range;
};

const std::vector<Field>& fields() {
  static const std::vector<Field> table = {
      {"population", &NeatOptions::population, Range::positive_count},
      {"c1", &NeatOptions::c1, Range::nonnegative},
      {"c2", &NeatOptions::c2, Range::nonnegative},
      {"c3", &NeatOptions::c3, Range::nonnegative},
      {"compat_threshold", &NeatOptions::compat_threshold, Range::positive},
      {"target_species", &NeatOptions::target_species, Range::any_count},
      {"threshold_step", &NeatOptions::threshold_step, Range::nonnegative},
      {"min_threshold", &NeatOptions::min_threshold, Range::positive},
      {"normalize_min_genes", &NeatOptions::normalize_min_genes, Range::any_count},
      {"stagnation", &NeatOptions::stagnation, Range::positive_count},
      {"population_stagnation", &NeatOptions::population_stagnation, Range::any_count},
      {"elitism_min_size", &NeatOptions::elitism_min_size, Range::any_count},
      {"survival_threshold", &NeatOptions::survival_threshold, Range::probability},
      {"mutate_only_prob", &NeatOptions::mutate_only_prob, Range::probability},
      {"mate_only_prob", &NeatOptions::mate_only_prob, Range::probability},
      {"interspecies_mate_prob", &NeatOptions::interspecies_mate_prob, Range::probability},
      {"disable_inherit_prob", &NeatOptions::disable_inherit_prob, Range::probability},
      {"weight_mutate_prob", &NeatOptions::weight_mutate_prob, Range::probability},
      {"weight_replace_prob", &NeatOptions::weight_replace_prob, Range::probability},
      {"weight_perturb", &NeatOptions::weight_perturb, Range::nonnegative},
      {"weight_init", &NeatOptions::weight_init, Range::nonnegative},
      {"weight_limit", &NeatOptions::weight_limit, Range::positive},
      {"add_node_prob", &NeatOptions::add_node_prob, Range::probability},
      {"add_connection_prob", &NeatOptions::add_connection_prob, Range::probability},
      {"allow_recurrent", &NeatOptions::allow_recurrent, Range::flag},
      {"toggle_enable_prob", &NeatOptions::toggle_enable_prob, Range::probability},
      {"reenable_prob", &NeatOptions::reenable_prob, Range::probability},
      {"add_connection_tries", &NeatOptions::add_connection_tries, Range::positive_count},
  };
  return table;
}

// "" when `x` is in range, else what it must be.
std::string check(double x, Range range) {
  switch (range) {
    case Range::probability: return std::isfinite(x) && x >= 0 && x <= 1 ? "" : "must be in [0, 1]";
    case Range::positive: return std::isfinite(x) && x > 0 ? "" : "must be finite and > 0";
    case Range::nonnegative: return std::isfinite(x) && x >= 0 ? "" : "must be finite and >= 0";
    case Range::positive_count: return x >= 1 ? "" : "must be at least 1";
    default: return "";
  }
}

}  // namespace

void NeatOptions::validate() const {
  for (const Field& f : fields()) {
    std::string problem;
    if (const auto* d = std::get_if<double NeatOptions::*>(&f.member)) problem = check(this->*(*d), f.range);
    if (const auto* n = std::get_if<std::size_t NeatOptions::*>(&f.member)) {
      problem = check(static_cast<double>(this->*(*n)), f.range);
    }
    if (!problem.empty()) throw std::invalid_argument(std::string("NeatOptions: ") + f.name + " " + problem);
  }
}

nlohmann::json NeatOptions::to_json() const {
  nlohmann::json out = nlohmann::json::object();
  for (const Field& f : fields()) {
    std::visit([&](auto member) { out[f.name] = this->*member; }, f.member);
  }
  return out;
}

NeatOptions neat_options_from_json(const nlohmann::json& object, const std::string& source, const NeatOptions& base) {
  if (!object.is_object()) throw Error(source + ": NEAT options must be a JSON object (got " + object.dump() + ")");
  NeatOptions out = base;
  for (const auto& [key, value] : object.items()) {
    const Field* field = nullptr;
    for (const Field& f : fields()) {
      if (key == f.name) field = &f;
    }
    if (field == nullptr) throw Error(source + ": unknown NEAT option '" + key + "'");
    auto fail = [&](const std::string& what) {
      throw Error(source + ": NEAT option '" + key + "' " + what + " (got " + value.dump() + ")");
    };
    if (const auto* b = std::get_if<bool NeatOptions::*>(&field->member)) {
      if (!value.is_boolean()) fail("must be true or false");
      out.*(*b) = value.get<bool>();
    } else if (const auto* n = std::get_if<std::size_t NeatOptions::*>(&field->member)) {
      if (!value.is_number_integer() || (!value.is_number_unsigned() && value.get<std::int64_t>() < 0)) {
        fail("must be a non-negative integer");
      }
      const auto x = value.get<std::uint64_t>();
      const std::string problem = check(static_cast<double>(x), field->range);
      if (!problem.empty()) fail(problem);
      out.*(*n) = static_cast<std::size_t>(x);
    } else if (const auto* d = std::get_if<double NeatOptions::*>(&field->member)) {
      if (!value.is_number()) fail("must be a number");
      const double x = value.get<double>();
      const std::string problem = check(x, field->range);
      if (!problem.empty()) fail(problem);
      out.*(*d) = x;
    }
  }
  return out;
}

}  // namespace pond::neat
